#include "deploy/rollout/recent_changes.h"

#include <algorithm>

#include "absl/strings/str_join.h"
#include "core/status_macros.h"

namespace paved::deploy::rollout {

using nlohmann::json;

namespace {

constexpr int kPage = 200;
constexpr int kMaxPages = 10;  // at most 2,000 events read per call
constexpr size_t kMaxErrorText = 160;

std::string Str(const json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  if (it == obj.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return "";
}

std::vector<std::string> Strings(const json& obj, const char* key) {
  std::vector<std::string> out;
  if (!obj.is_object() || !obj.contains(key) || !obj[key].is_array()) return out;
  for (const auto& v : obj[key]) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

// "config:<slug>/<env>/<set>" → (<env>, <set>).
std::pair<std::string, std::string> EnvAndName(const std::string& subject) {
  size_t first = subject.find('/');
  if (first == std::string::npos) return {"", ""};
  size_t second = subject.find('/', first + 1);
  if (second == std::string::npos) return {subject.substr(first + 1), ""};
  return {subject.substr(first + 1, second - first - 1), subject.substr(second + 1)};
}

ProjectChange Base(const audit::Event& e, const std::string& kind) {
  ProjectChange c;
  c.at_ms = e.time_ms;
  c.kind = kind;
  c.actor = e.actor;
  c.seq = e.seq;
  return c;
}

ProjectChange ConfigChange(const audit::Event& e) {
  ProjectChange c = Base(e, "config");
  auto [env, set] = EnvAndName(e.subject);
  c.environment = env;
  std::vector<std::string> keys = Strings(e.summary, "changed");
  for (const auto& k : Strings(e.summary, "added")) keys.push_back("+" + k);
  for (const auto& k : Strings(e.summary, "removed")) keys.push_back("-" + k);
  c.text = "config set " + set;
  if (!keys.empty()) c.text += ": " + absl::StrJoin(keys, ", ");
  return c;
}

ProjectChange SecretChange(const audit::Event& e) {
  ProjectChange c = Base(e, "secret");
  auto [env, name] = EnvAndName(e.subject);
  c.environment = env;
  std::string version = Str(e.summary, "version");
  c.text = "secret " + (name.empty() ? Str(e.summary, "name") : name);
  if (!version.empty()) c.text += " (v" + version + ")";
  return c;
}

ProjectChange SpecChange(const audit::Event& e) {
  ProjectChange c = Base(e, "spec");
  c.text = e.summary.is_string() ? e.summary.get<std::string>() : "spec pushed";
  return c;
}

ProjectChange ExceptionChange(const audit::Event& e) {
  ProjectChange c = Base(e, "exception");
  std::string rule = Str(e.summary, "rule");
  if (e.action == "policy.exception.revoke") {
    c.text = "revoked rule " + rule;
    return c;
  }
  c.text = "rule " + rule;
  if (std::string until = Str(e.summary, "expires_at"); !until.empty()) c.text += " until " + until;
  if (std::string reason = Str(e.summary, "reason"); !reason.empty()) c.text += ": " + reason;
  return c;
}

bool IsDeployEvent(const std::string& action) {
  return action == "deployment.succeeded" || action == "deployment.failed";
}

}  // namespace

std::string ShortDigest(const std::string& digest) {
  static constexpr std::string_view kPrefix = "sha256:";
  if (digest.rfind(kPrefix, 0) != 0 || digest.size() <= kPrefix.size() + 12) return digest;
  return digest.substr(0, kPrefix.size() + 12);
}

// Config and secret changes are recorded under their own subjects
// ("config:<slug>/<env>/<set>", "secret:<slug>/<env>/<name>").
absl::StatusOr<std::vector<audit::Event>> RecentChangesReader::Events(const std::string& slug,
                                                                      const std::string& env,
                                                                      int64_t since_ms) {
  std::vector<audit::Event> out;
  std::string scope = slug + "/" + (env.empty() ? "" : env + "/");
  audit::EventFilter filter{.subject = "project:" + slug,
                            .limit = kPage,
                            .subject_prefixes = {"config:" + scope, "secret:" + scope},
                            .since_ms = since_ms};
  for (int page = 0; page < kMaxPages; ++page) {
    ASSIGN_OR_RETURN(auto events, audit_->List(filter));
    for (auto& e : events) out.push_back(std::move(e));
    if (static_cast<int>(events.size()) < kPage) break;
    filter.before_seq = out.back().seq;
  }
  return out;
}

absl::StatusOr<std::string> RecentChangesReader::PreviousDigest(const Deployment& d) {
  ASSIGN_OR_RETURN(auto rs,
                   store_->Query("SELECT digest FROM deployments WHERE project_id = $1 AND "
                                 "cluster = $2 AND state IN ('succeeded', 'rolled_back') AND "
                                 "(created_at < $3 OR (created_at = $3 AND id < $4)) "
                                 "ORDER BY created_at DESC, id DESC LIMIT 1",
                                 {d.project_id, d.cluster, d.created_at_ms, d.id}));
  return rs.empty() ? "" : rs.front().Text("digest");
}

absl::StatusOr<std::optional<ProjectChange>> RecentChangesReader::FromDeploymentEvent(
    const audit::Event& e) {
  std::string id = Str(e.summary, "deployment_id");
  if (id.empty()) return std::nullopt;
  auto d = deployments_.Get(id);
  if (absl::IsNotFound(d.status())) return std::nullopt;
  if (!d.ok()) return d.status();
  bool failed = e.action == "deployment.failed";
  ProjectChange c = Base(e, failed                   ? "deploy_failed"
                            : d->rollback_of.empty() ? "deploy"
                                                     : "rollback");
  c.actor = d->requester.empty() ? e.actor : d->requester;
  c.environment = d->environment;
  c.cluster = d->cluster;
  c.deployment_id = d->id;
  if (failed) {
    c.text = ShortDigest(d->digest);
    std::string error =
        d->error.size() > kMaxErrorText ? d->error.substr(0, kMaxErrorText) + "…" : d->error;
    if (!error.empty()) c.text += ": " + error;
    return c;
  }
  ASSIGN_OR_RETURN(std::string previous, PreviousDigest(*d));
  c.text = previous.empty() || previous == d->digest
               ? ShortDigest(d->digest)
               : ShortDigest(previous) + " → " + ShortDigest(d->digest);
  return c;
}

absl::StatusOr<std::vector<ProjectChange>> RecentChangesReader::Since(
    const std::string& project_slug, const std::string& cluster, int64_t since_ms, int limit) {
  std::string cluster_env;
  if (!cluster.empty()) {
    auto c = platform_.GetCluster(cluster);
    if (c.ok()) {
      cluster_env = c->environment;
    } else if (!absl::IsNotFound(c.status())) {
      return c.status();
    }
  }
  ASSIGN_OR_RETURN(auto events, Events(project_slug, cluster_env, since_ms));
  std::vector<ProjectChange> out;
  for (const auto& e : events) {
    if (e.action == "secret.update" || e.action == "config.update") {
      if (e.subject.rfind("project:", 0) == 0) continue;
      ProjectChange c = e.action == "secret.update" ? SecretChange(e) : ConfigChange(e);
      if (!cluster_env.empty() && !c.environment.empty() && c.environment != cluster_env) continue;
      out.push_back(std::move(c));
    } else if (e.subject.rfind("project:", 0) != 0) {
      continue;
    } else if (IsDeployEvent(e.action)) {
      std::string event_cluster = Str(e.summary, "cluster");
      if (!cluster.empty() && !event_cluster.empty() && event_cluster != cluster) continue;
      ASSIGN_OR_RETURN(auto c, FromDeploymentEvent(e));
      if (c) out.push_back(std::move(*c));
    } else if (e.action == "spec.push") {
      out.push_back(SpecChange(e));
    } else if (e.action.rfind("policy.exception.", 0) == 0) {
      out.push_back(ExceptionChange(e));
    }
  }
  std::sort(out.begin(), out.end(), [](const ProjectChange& a, const ProjectChange& b) {
    return std::tie(a.at_ms, a.seq) > std::tie(b.at_ms, b.seq);
  });
  if (limit >= 0 && out.size() > static_cast<size_t>(limit)) out.resize(limit);
  return out;
}

}  // namespace paved::deploy::rollout
