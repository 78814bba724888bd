#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "catalog/ownership.h"
#include "store/store.h"

namespace paved::traffic::edges {

// The owner of a workload: team and project slugs, both "" when the namespace is unowned.
struct WorkloadOwner {
  std::string team;
  std::string project;
  bool owned() const { return !team.empty(); }
};

// Names the owner of "namespace/workload" on a cluster through the catalog's namespace
// ownership (catalog::OwnerLookup::ByNamespace: the cluster's mapping, then one for every
// cluster, then the project whose slug is the namespace) and that project's owner team today.
// Resolved when traffic is read, so a catalog change shows at once. Caches what it read: make
// one per request.
class WorkloadOwners {
 public:
  explicit WorkloadOwners(store::Store* store) : lookup_(store) {}

  absl::StatusOr<WorkloadOwner> Of(const std::string& cluster, const std::string& workload);

 private:
  catalog::OwnerLookup lookup_;
  std::map<std::string, WorkloadOwner> by_namespace_;  // "cluster/namespace" → owner
};

}  // namespace paved::traffic::edges
