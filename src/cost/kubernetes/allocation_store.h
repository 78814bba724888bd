#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cost/kubernetes/allocation.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::cost::kubernetes {

// A stored row of `cost_allocations`.
struct StoredAllocation {
  std::string cluster, day;
  AllocationRow row;
};
nlohmann::json StoredAllocationToJson(const StoredAllocation& a);

// A stored row of `cost_allocation_nodes`.
struct StoredNode {
  std::string cluster, day;
  NodeCostRow node;
};
nlohmann::json StoredNodeToJson(const StoredNode& n);

// Tables `cost_allocations`, `cost_allocation_nodes` and `cost_allocation_days` (migration 15),
// and the reading of a node's instance cost from `cost_daily`.
class AllocationStore {
 public:
  explicit AllocationStore(store::Store* store) : store_(store) {}

  // Replaces every row of (cluster, day) in both tables with `a`, and records that the day
  // covers `hours` of its hours at `now_ms`, in the caller's transaction: readers see the old
  // day or the new one, never a mix.
  absl::Status Replace(store::Tx& tx, const std::string& cluster, const std::string& day,
                       const DayAllocation& a, int hours = 24, int64_t now_ms = 0);

  // The effective cost on `day` of each of `instance_ids` that the imported bills name (an
  // instance absent from the bills is absent from the answer).
  absl::StatusOr<std::map<std::string, Money>> InstanceCosts(
      const std::string& day, const std::vector<std::string>& instance_ids);

  // Rows of `day`, of one cluster or (cluster "") of all; by cluster, namespace, kind, team.
  absl::StatusOr<std::vector<StoredAllocation>> Rows(const std::string& day,
                                                     const std::string& cluster);
  absl::StatusOr<std::vector<StoredNode>> Nodes(const std::string& day, const std::string& cluster);

  // The days in [from, to] that `cluster` has an allocation of all 24 hours for.
  absl::StatusOr<std::set<std::string>> AllocatedDays(const std::string& cluster,
                                                      const std::string& from,
                                                      const std::string& to);

 private:
  store::Store* store_;
};

}  // namespace paved::cost::kubernetes
