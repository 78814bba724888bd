#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "audit/audit_log.h"
#include "catalog/projects.h"
#include "deploy/platform/platform_store.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::deploy::platform {

// The clusters a new project targets from the moment it is created, so that its first deploy
// needs no setup. The server config's `default_targets` section:
//   default_targets:
//     alpha: [local-alpha]
//     production: [local-production]
// Absent: every cluster on the local runtime, in its environment. `default_targets: {}`: none.
struct DefaultTargets {
  // environment → cluster names; nullopt = every local cluster (the section is absent).
  std::optional<std::map<std::string, std::vector<std::string>>> by_environment;
};

// Reads `file["default_targets"]` (`file` is the whole config file as JSON, or null).
// InvalidArgument naming the key when it is not a mapping of environment names to lists of
// cluster names.
absl::StatusOr<DefaultTargets> ParseDefaultTargets(const nlohmann::json& file);

// The default clusters of a project owned by team `team_slug`, in Clusters() order: those the
// config names that exist, lie in the environment they are listed under and accept the team
// (CheckClusterAcceptsTeam). Names that do not fit are skipped (an admin may have removed or
// moved a cluster since the config was written): creating a project never fails over them.
absl::StatusOr<std::vector<std::string>> DefaultClusters(store::Tx& tx, PlatformStore& platform,
                                                         const DefaultTargets& defaults,
                                                         const std::string& team_slug);

// What ProjectStore::SetCreateHook takes: sets a new project's targets to DefaultClusters and,
// when there are any, appends a "project.targets" audit event (actor: the project's creator,
// data {"from": [], "to": [...], "default": true}). Every pointer must outlive the hook.
catalog::ProjectStore::CreateHook AssignDefaultTargets(PlatformStore* platform,
                                                       audit::AuditLog* audit,
                                                       DefaultTargets defaults);

}  // namespace paved::deploy::platform
