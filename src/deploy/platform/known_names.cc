#include "deploy/platform/known_names.h"

#include "core/error.h"
#include "core/status_macros.h"
#include "core/suggest.h"

namespace paved::deploy::platform {
namespace {

absl::Status Unknown(const std::string& kind, const std::string& name,
                     const std::vector<std::string>& valid, const std::string& field) {
  return DomainError(absl::StatusCode::kInvalidArgument, "unknown_" + kind,
                     UnknownNameMessage(kind, name, valid), field);
}

}  // namespace

absl::StatusOr<KnownNames> ReadKnownNames(PlatformStore& platform) {
  KnownNames out;
  ASSIGN_OR_RETURN(auto envs, platform.Environments());
  for (const auto& e : envs) out.environments.push_back(e.name);
  ASSIGN_OR_RETURN(auto clusters, platform.Clusters());
  for (const auto& c : clusters) out.clusters.push_back(c.name);
  return out;
}

absl::StatusOr<Environment> RequireEnvironment(PlatformStore& platform, const std::string& name,
                                               const std::string& field) {
  auto env = platform.GetEnvironment(name);
  if (!absl::IsNotFound(env.status())) return env;
  ASSIGN_OR_RETURN(KnownNames known, ReadKnownNames(platform));
  return Unknown("environment", name, known.environments, field);
}

absl::StatusOr<Cluster> RequireCluster(PlatformStore& platform, const std::string& name,
                                       const std::string& field) {
  auto cluster = platform.GetCluster(name);
  if (!absl::IsNotFound(cluster.status())) return cluster;
  ASSIGN_OR_RETURN(KnownNames known, ReadKnownNames(platform));
  return Unknown("cluster", name, known.clusters, field);
}

}  // namespace paved::deploy::platform
