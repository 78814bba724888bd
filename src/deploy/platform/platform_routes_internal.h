#pragma once

// Shared by the platform route files; not part of the folder's public interface.

#include <functional>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "deploy/platform/platform_routes.h"
#include "deploy/platform/platform_store.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::platform::internal {

// A body field given with a non-null value (ParseBody lets optional fields be null).
inline bool Has(const nlohmann::json& body, const char* key) {
  return body.contains(key) && !body[key].is_null();
}

// The cluster as `caller` may see it: the credentials reference for admins only.
nlohmann::json ClusterJsonFor(const Cluster& c, const http::Caller& caller);

// Runs `fn` in one transaction (the change and its audit event), then wakes live streams.
absl::Status Audited(const PlatformDeps& deps, absl::FunctionRef<absl::Status(store::Tx&)> fn);

// Targets, policy exceptions and the rule list.
std::vector<http::Route> ProjectPlatformRoutes(const PlatformDeps& deps);

}  // namespace paved::deploy::platform::internal
