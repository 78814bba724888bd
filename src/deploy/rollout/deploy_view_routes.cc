// Read-only views of deployments: diff, approvals inbox, timeline, workloads, logs, overview.

#include <algorithm>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "auth/permissions.h"
#include "core/status_macros.h"
#include "deploy/rollout/deploy_routes_internal.h"
#include "deploy/rollout/deploy_schemas.h"
#include "deploy/spec/line_diff.h"
#include "http/errors.h"
#include "http/json_body.h"

namespace paved::deploy::rollout::internal {
namespace {

using http::Access;
using http::Context;
using http::Response;
using json = nlohmann::json;

constexpr int kTimelineLimit = 200;

json VersionChanges(const std::map<std::string, int64_t>& from,
                    const std::map<std::string, int64_t>& to, const char* key) {
  std::set<std::string> names;
  for (const auto& [k, v] : from) names.insert(k);
  for (const auto& [k, v] : to) names.insert(k);
  json out = json::array();
  auto at = [](const std::map<std::string, int64_t>& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? json(nullptr) : json(it->second);
  };
  for (const auto& n : names) {
    json f = at(from, n), t = at(to, n);
    if (f != t) out.push_back({{key, n}, {"from", f}, {"to", t}});
  }
  return out;
}

// What `to` changes against `from`; against nothing (a first deploy: `from` null, everything
// added) when `from` is empty.
json Diff(const std::optional<Deployment>& from, const Deployment& to) {
  const Deployment none;
  const Deployment& f = from ? *from : none;
  auto or_null = [&](const json& value) { return from ? value : json(nullptr); };
  auto lines = spec::DiffLines(spec::SplitLines(f.manifests), spec::SplitLines(to.manifests));
  return {{"from", or_null(f.id)},
          {"to", to.id},
          {"manifests", spec::UnifiedDiff(lines)},
          {"config", VersionChanges(f.config_versions, to.config_versions, "set")},
          {"secrets", VersionChanges(f.secret_versions, to.secret_versions, "name")},
          {"spec", {{"from", or_null(f.spec_version)}, {"to", to.spec_version}}},
          {"digest", {{"from", or_null(f.digest)}, {"to", to.digest}}}};
}

// A config or secret event's summary with the environment and the set or secret name taken
// from its subject ("config:<slug>/<env>/<set>", "secret:<slug>/<env>/<name>"); other
// events' summaries unchanged. Audit summaries of secrets hold names and versions, never values.
json WithSubjectFields(const audit::Event& e) {
  json s = e.summary.is_object() ? e.summary : json::object();
  bool config = e.subject.rfind("config:", 0) == 0;
  if (!config && e.subject.rfind("secret:", 0) != 0) return e.summary;
  std::vector<std::string> parts = absl::StrSplit(e.subject, absl::MaxSplits('/', 2));
  if (parts.size() == 3) {
    s["environment"] = parts[1];
    s[config ? "set" : "name"] = parts[2];
  }
  return s;
}

std::string SummaryText(const std::string& action, const json& s) {
  std::string out = action;
  if (!s.is_object()) return out;
  for (const char* key :
       {"cluster", "environment", "digest", "set", "name", "rule", "version", "reason", "error"}) {
    if (s.contains(key) && s[key].is_string() && !s[key].get<std::string>().empty()) {
      out += " " + std::string(key) + "=" + s[key].get<std::string>();
    } else if (s.contains(key) && s[key].is_number_integer()) {
      out += " " + std::string(key) + "=" + std::to_string(s[key].get<int64_t>());
    }
  }
  return out;
}

class DeployViewApi {
 public:
  explicit DeployViewApi(std::shared_ptr<RouteDeps> d) : d_(std::move(d)) {}

  absl::StatusOr<Response> DiffRoute(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, d_->Project(ctx));
    DeploymentStore& ds = d_->service->deployments();
    ASSIGN_OR_RETURN(auto to, ds.Get(ctx.Param("id"), p.id));
    std::optional<Deployment> from;
    if (auto against = ctx.req.QueryParam("against"); against && !against->empty()) {
      ASSIGN_OR_RETURN(from, ds.Get(*against, p.id));
    } else {
      ASSIGN_OR_RETURN(from, PreviousSucceeded(to));
    }
    return http::JsonResponse(200, Diff(from, to));
  }

  absl::StatusOr<Response> Approvals(Context& ctx) {
    bool all = auth::SeesAllApprovals(*ctx.caller);
    ASSIGN_OR_RETURN(auto list,
                     d_->service->deployments().PendingApproval(all, ctx.caller->user_id));
    json items = json::array();
    for (const auto& d : list) {
      if (d.requester != ctx.caller->login) items.push_back(DeploymentToJson(d));
    }
    return http::JsonResponse(200, {{"items", items}});
  }

  absl::StatusOr<Response> Timeline(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, d_->Project(ctx));
    int64_t since = 0;
    if (auto s = ctx.req.QueryParam("since"); s && !s->empty()) {
      absl::Time t;
      std::string error;
      if (!absl::ParseTime(absl::RFC3339_full, *s, &t, &error)) {
        return http::InvalidField("since", "since must be an RFC 3339 time");
      }
      since = absl::ToUnixMillis(t);
    }
    std::string env = ctx.req.QueryParam("environment").value_or("");
    // Config and secret subjects carry the environment: "config:<slug>/<env>/<set>".
    std::string scope = p.slug + "/" + (env.empty() ? "" : env + "/");
    ASSIGN_OR_RETURN(auto events, d_->deps.audit->List(
                                      {.subject = "project:" + p.slug,
                                       .limit = kTimelineLimit,
                                       .subject_prefixes = {"config:" + scope, "secret:" + scope},
                                       .since_ms = since}));
    json items = json::array();
    for (const auto& e : events) {
      json summary = WithSubjectFields(e);
      if (!env.empty() && summary.contains("environment") && summary["environment"] != env) {
        continue;
      }
      json item = {{"at", FormatTimeMs(e.time_ms)},
                   {"kind", e.action},
                   {"actor", e.actor},
                   {"summary", SummaryText(e.action, summary)}};
      if (summary.contains("deployment_id")) item["deployment_id"] = summary["deployment_id"];
      items.push_back(std::move(item));
    }
    return http::JsonResponse(200, {{"items", items}});
  }

  absl::StatusOr<Response> Workloads(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, d_->Project(ctx));
    std::string only = ctx.req.QueryParam("cluster").value_or("");
    ASSIGN_OR_RETURN(auto clusters, d_->deps.platform->Targets(p.id));
    ASSIGN_OR_RETURN(auto latest, d_->service->deployments().Latest("", p.id));
    // Also the clusters deployed to that are not (or no longer) targets: something may run there.
    for (const auto& d : latest) {
      bool known = std::any_of(clusters.begin(), clusters.end(),
                               [&](const platform::Cluster& c) { return c.name == d.cluster; });
      if (known) continue;
      auto cluster = d_->deps.platform->GetCluster(d.cluster);
      if (cluster.ok()) clusters.push_back(*cluster);
    }
    json items = json::array();
    for (const auto& c : clusters) {
      if (!only.empty() && c.name != only) continue;
      items.push_back(ClusterWorkloads(p, c, latest));
    }
    return http::JsonResponse(200, {{"items", items}});
  }

  absl::StatusOr<Response> Logs(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, d_->Project(ctx));
    ASSIGN_OR_RETURN(auto cluster, d_->deps.platform->GetCluster(ctx.Param("cluster")));
    int tail = 200;
    if (auto t = ctx.req.QueryParam("tail"); t && !t->empty()) {
      if (!absl::SimpleAtoi(*t, &tail) || tail < 1 || tail > 10000) {
        return http::InvalidField("tail", "tail must be 1 to 10000");
      }
    }
    ASSIGN_OR_RETURN(auto* rt, d_->deps.runtimes->For(cluster));
    absl::StatusOr<std::string> text = rt->Logs(cluster, p.slug, ctx.Param("instance"), tail);
    if (!text.ok()) return runtime::ForApiCaller(text.status());
    Response res;
    res.status = 200;
    res.body = std::move(*text);
    res.SetHeader("Content-Type", "text/plain; charset=utf-8");
    return res;
  }

  absl::StatusOr<Response> Overview(Context& ctx) {
    std::string team_id;
    if (auto t = ctx.req.QueryParam("team"); t && !t->empty()) {
      if (!d_->deps.teams) return http::InvalidField("team", "team filter unavailable");
      ASSIGN_OR_RETURN(auto team, d_->deps.teams->FindBySlug(*t));
      if (!team) return http::InvalidField("team", "no team " + *t);
      team_id = team->id;
    }
    ASSIGN_OR_RETURN(auto latest, d_->service->deployments().Latest(team_id));
    json items = json::array();
    for (const auto& d : latest) {
      items.push_back({{"project", d.project},
                       {"cluster", d.cluster},
                       {"environment", d.environment},
                       {"region", d.region},
                       {"digest", d.digest},
                       {"deployment_id", d.id},
                       {"state", StateName(d.state)},
                       {"finished_at",
                        d.finished_at_ms ? json(FormatTimeMs(*d.finished_at_ms)) : json(nullptr)}});
    }
    return http::JsonResponse(200, {{"items", items}});
  }

 private:
  absl::StatusOr<std::optional<Deployment>> PreviousSucceeded(const Deployment& to) {
    std::optional<Deployment> out;
    RETURN_IF_ERROR(d_->deps.store->Transaction([&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(auto rs,
                       tx.Query("SELECT id FROM deployments WHERE project_id = $1 AND "
                                "cluster = $2 AND state IN ('succeeded', 'rolled_back') "
                                "AND (created_at, id) < (SELECT created_at, id FROM deployments "
                                "WHERE id = $3) ORDER BY created_at DESC, id DESC LIMIT 1",
                                {to.project_id, to.cluster, to.id}));
      if (rs.empty()) return absl::OkStatus();
      ASSIGN_OR_RETURN(out, d_->service->deployments().Get(tx, rs.front().Text("id")));
      return absl::OkStatus();
    }));
    return out;
  }

  json ClusterWorkloads(const catalog::Project& p, const platform::Cluster& c,
                        const std::vector<Deployment>& latest) {
    json item = {{"cluster", c.name},     {"environment", c.environment},
                 {"region", c.region},    {"namespace", p.slug},
                 {"deployment", nullptr}, {"workloads", json::array()}};
    for (const auto& d : latest) {
      if (d.cluster != c.name) continue;
      item["namespace"] = d.namespace_name;
      item["deployment"] = {{"id", d.id}, {"digest", d.digest}, {"state", StateName(d.state)}};
    }
    auto rt = d_->deps.runtimes->For(c);
    if (!rt.ok()) {
      item["error"] = std::string(rt.status().message());
      return item;
    }
    if (std::string notice = (*rt)->Notice(); !notice.empty()) item["notice"] = notice;
    auto list = (*rt)->Workloads(c, p.slug, item["namespace"].get<std::string>());
    if (!list.ok()) {
      item["error"] = std::string(list.status().message());
      return item;
    }
    for (const auto& w : *list) item["workloads"].push_back(runtime::WorkloadToJson(w));
    return item;
  }

  std::shared_ptr<RouteDeps> d_;
};

}  // namespace

std::vector<http::Route> DeployViewRoutes(std::shared_ptr<RouteDeps> deps) {
  using Api = DeployViewApi;
  auto api = std::make_shared<Api>(std::move(deps));
  const std::string project = "/api/v1/projects/{slug}";

  return {
      {
          .method = "GET",
          .path = project + "/deployments/{id}/diff",
          .access = Access::kViewer,
          .summary = "Manifests, config, secret, spec and digest changes between two deployments",
          .tag = "deployments",
          .query = {"against"},
          .response = DeploymentDiffSchema(),
          .handler = http::Bind(api, &Api::DiffRoute),
      },
      {
          .method = "GET",
          .path = "/api/v1/approvals",
          .access = Access::kViewer,
          .summary = "Deployments pending approval that the caller may approve",
          .tag = "deployments",
          .response = ApprovalsSchema(),
          .handler = http::Bind(api, &Api::Approvals),
      },
      {
          .method = "GET",
          .path = project + "/timeline",
          .access = Access::kViewer,
          .summary =
              "Deploys, rollbacks, spec pushes, config and secret changes, policy exceptions",
          .tag = "deployments",
          .query = {"since", "environment"},
          .response = TimelineSchema(),
          .handler = http::Bind(api, &Api::Timeline),
      },
      {
          .method = "GET",
          .path = project + "/workloads",
          .access = Access::kViewer,
          .summary = "What runs per cluster (instances, state, url)",
          .tag = "deployments",
          .query = {"cluster"},
          .response = WorkloadsSchema(),
          .handler = http::Bind(api, &Api::Workloads),
      },
      {
          .method = "GET",
          .path = project + "/workloads/{cluster}/{instance}/logs",
          .access = Access::kViewer,
          .summary = "Recent log lines of one instance (local runtime)",
          .tag = "deployments",
          .query = {"tail"},
          .produces = "text/plain",
          .handler = http::Bind(api, &Api::Logs),
      },
      {
          .method = "GET",
          .path = "/api/v1/deployments/overview",
          .access = Access::kViewer,
          .summary = "What runs where: the latest deployment per "
                     "project and cluster",
          .tag = "deployments",
          .query = {"team"},
          .response = OverviewSchema(),
          .handler = http::Bind(api, &Api::Overview),
      },
  };
}

}  // namespace paved::deploy::rollout::internal
