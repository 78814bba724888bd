#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "deploy/runtime/kubernetes/api_client.h"
#include "nlohmann/json.hpp"
#include "traffic/pods/pod_history_store.h"

// Internal to traffic/pods: a cluster's pods and nodes read from its API server.
namespace paved::traffic::pods {

struct ListLimits {
  int page_size = 500;        // `limit` of each chunk
  int64_t max_pods = 200000;  // items of a pods list (pending and hostNetwork ones included)
  int64_t max_nodes = 20000;
};

// What ListCluster saw besides the listing.
struct ListStats {
  int64_t pods_listed = 0;  // every item of the pods list
  int64_t skipped = 0;      // pending, hostNetwork or without uid: not recorded
  int64_t invalid = 0;      // a time that is not RFC 3339: not recorded
  int64_t pages = 0;
  int64_t restarts = 0;  // lists begun again after an expired continue token
};

// A pod item of `GET /api/v1/pods` as a ListedPod; nullopt for a pod that holds no IP of its
// own: pending (no IP or no status.startTime), hostNetwork, or without metadata.uid.
// InvalidArgument naming the field when a time is not RFC 3339.
absl::StatusOr<std::optional<ListedPod>> PodFromItem(const nlohmann::json& item);

// A node item of `GET /api/v1/nodes`: its name and label topology.k8s.aws/zone-id ("" without).
std::pair<std::string, std::string> NodeZoneFromItem(const nlohmann::json& item);

// Lists every pod (`/api/v1/pods`) and node (`/api/v1/nodes`) in chunks of `limits.page_size`,
// taken at `at` (Unix seconds). An expired continue token (410) begins that list again, once.
// ResourceExhausted when a list holds more than its limit; the ApiClient's errors otherwise
// (each page's body is bounded by the HTTP client's max_response_bytes).
absl::StatusOr<ClusterListing> ListCluster(deploy::runtime::kubernetes::ApiClient& api,
                                           const ListLimits& limits, int64_t at,
                                           ListStats* stats = nullptr);

}  // namespace paved::traffic::pods
