#include "deploy/platform/default_targets.h"

#include <algorithm>

#include "catalog/teams.h"
#include "core/status_macros.h"
#include "http/json_body.h"

namespace paved::deploy::platform {
namespace {

constexpr char kKey[] = "default_targets";

absl::StatusOr<std::vector<std::string>> ClusterNames(const std::string& env,
                                                      const nlohmann::json& list) {
  const std::string key = std::string(kKey) + "." + env;
  if (!list.is_array()) {
    return absl::InvalidArgumentError(key + ": must be a list of cluster names");
  }
  std::vector<std::string> out;
  for (const auto& name : list) {
    if (!name.is_string() || !http::IsDnsLabel(name.get<std::string>())) {
      return absl::InvalidArgumentError(key + ": must be a list of cluster names");
    }
    out.push_back(name.get<std::string>());
  }
  return out;
}

bool Listed(const DefaultTargets& defaults, const Cluster& c) {
  if (!defaults.by_environment) return c.runtime == "local";
  auto it = defaults.by_environment->find(c.environment);
  if (it == defaults.by_environment->end()) return false;
  return std::find(it->second.begin(), it->second.end(), c.name) != it->second.end();
}

}  // namespace

absl::StatusOr<DefaultTargets> ParseDefaultTargets(const nlohmann::json& file) {
  DefaultTargets out;
  if (!file.is_object() || !file.contains(kKey)) return out;
  const nlohmann::json& section = file[kKey];
  if (section.is_null()) return out;
  if (!section.is_object()) {
    return absl::InvalidArgumentError(
        std::string(kKey) + ": must be a mapping of environment names to lists of cluster names");
  }
  out.by_environment.emplace();
  for (const auto& [env, list] : section.items()) {
    if (!http::IsDnsLabel(env)) {
      return absl::InvalidArgumentError(std::string(kKey) + ": " + env +
                                        " is not an environment name");
    }
    ASSIGN_OR_RETURN((*out.by_environment)[env], ClusterNames(env, list));
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> DefaultClusters(store::Tx& tx, PlatformStore& platform,
                                                         const DefaultTargets& defaults,
                                                         const std::string& team_slug) {
  ASSIGN_OR_RETURN(auto clusters, platform.Clusters(tx));
  std::vector<std::string> out;
  for (const Cluster& c : clusters) {
    if (Listed(defaults, c) && CheckClusterAcceptsTeam(c, team_slug).ok()) out.push_back(c.name);
  }
  return out;
}

catalog::ProjectStore::CreateHook AssignDefaultTargets(PlatformStore* platform,
                                                       audit::AuditLog* audit,
                                                       DefaultTargets defaults) {
  return [platform, audit, defaults = std::move(defaults)](
             store::Tx& tx, const catalog::Project& p) -> absl::Status {
    ASSIGN_OR_RETURN(std::string team, catalog::TeamStore::SlugOfTx(tx, p.owner_team_id));
    ASSIGN_OR_RETURN(auto names, DefaultClusters(tx, *platform, defaults, team));
    if (names.empty()) return absl::OkStatus();
    RETURN_IF_ERROR(platform->SetTargets(tx, p.id, names));
    return audit->Append(tx, p.created_by.empty() ? "system" : p.created_by, "project.targets",
                         "project:" + p.slug,
                         {{"from", nlohmann::json::array()}, {"to", names}, {"default", true}});
  };
}

}  // namespace paved::deploy::platform
