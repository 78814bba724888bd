#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "store/store.h"
#include "traffic/pod_history.h"

// IP ownership intervals kept from each `kubernetes` cluster's API server (tables traffic_pods
// and traffic_nodes), and the PodHistory an analysis reads from them.
namespace paved::traffic::pods {

// A pod as one list showed it. `pod.ips` and `pod.start` are set: pending and hostNetwork pods
// hold no IP of their own and are never recorded.
struct ListedPod {
  std::string uid;  // metadata.uid: a recreated pod keeps its name, never its uid
  PodRecord pod;    // times in Unix seconds
};

// One complete list of a cluster's pods and nodes, taken at `at` (Unix seconds).
struct ClusterListing {
  std::vector<ListedPod> pods;
  absl::flat_hash_map<std::string, std::string> node_zones;  // node name → zone id ("" unknown)
  int64_t at = 0;
};

// What Record changed.
struct RecordCounts {
  int64_t pods = 0;    // listed pods recorded (new or updated)
  int64_t closed = 0;  // pods recorded before, gone from this list: ended at its time
  int64_t nodes = 0;
  int64_t forgotten = 0;  // pods ended before the retention window, removed
};

// A pod as stored: the interval its IPs were held over and when a list last showed it.
struct StoredPod {
  std::string uid;
  PodRecord pod;  // times in Unix seconds; deletion nullopt while it runs
  int64_t last_seen = 0;
};

// Tables traffic_pods (one row per cluster and pod uid) and traffic_nodes (per cluster and node
// name). Thread-safe as the Store is.
class PodHistoryStore {
 public:
  // Pods that ended more than `keep_seconds` before a list are forgotten by it; nodes not listed
  // for as long too.
  explicit PodHistoryStore(store::Store* store, int64_t keep_seconds = 35 * 86400)
      : store_(store), keep_seconds_(keep_seconds) {}

  // Records `listing` as `cluster`'s state in one transaction, so that readers see the whole
  // list or none of it. Rules:
  // - a listed pod is stored by uid with its fields as listed: its end is its
  //   metadata.deletionTimestamp when it has one, otherwise it is running (no end);
  // - a pod stored as running that this list does not show was deleted since the last list:
  //   it ends at `listing.at`. Its true end lies between its last_seen and `listing.at`, so an
  //   interval may run up to one sync interval long (PodHistory lets a later-started holder of
  //   the same IP win the overlap);
  // - listed nodes are stored with their zone id; nodes are kept after they go.
  // A pod listed twice counts once (the last). On failure nothing is recorded.
  absl::StatusOr<RecordCounts> Record(const std::string& cluster, const ClusterListing& listing);

  // Every stored pod of `cluster`, by namespace, name and start.
  absl::StatusOr<std::vector<StoredPod>> Pods(const std::string& cluster);

  // Node name → zone id of `cluster`'s stored nodes.
  absl::StatusOr<absl::flat_hash_map<std::string, std::string>> NodeZones(
      const std::string& cluster);

  // The IP ownership intervals of `cluster`'s pods whose [start, end) overlaps [from, to) (Unix
  // seconds), with the zones of their nodes, built with PodHistory::FromRecords.
  absl::StatusOr<PodHistory> HistoryOf(const std::string& cluster, int64_t from, int64_t to);

 private:
  absl::StatusOr<std::vector<StoredPod>> Select(const std::string& where,
                                                const store::Params& params);

  store::Store* store_;
  int64_t keep_seconds_;
};

}  // namespace paved::traffic::pods
