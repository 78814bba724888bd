#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "deploy/platform/platform_store.h"

namespace paved::deploy::platform {

// Environment and cluster names as people type them (a path segment, a query parameter, a
// field, a spec key). An unknown name is a client's mistake that lands nowhere, so it is refused
// with what is valid: 422 `unknown_environment` / `unknown_cluster` on `field`, e.g.
// "unknown environment 'prod' (did you mean …?); environments: alpha, production".

absl::StatusOr<Environment> RequireEnvironment(PlatformStore& platform, const std::string& name,
                                               const std::string& field);
absl::StatusOr<Cluster> RequireCluster(PlatformStore& platform, const std::string& name,
                                       const std::string& field);

// The names of every environment and cluster, in the store's order: what a spec may name.
struct KnownNames {
  std::vector<std::string> environments;
  std::vector<std::string> clusters;
};
absl::StatusOr<KnownNames> ReadKnownNames(PlatformStore& platform);

}  // namespace paved::deploy::platform
