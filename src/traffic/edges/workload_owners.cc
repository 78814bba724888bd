#include "traffic/edges/workload_owners.h"

#include "core/status_macros.h"

namespace paved::traffic::edges {

absl::StatusOr<WorkloadOwner> WorkloadOwners::Of(const std::string& cluster,
                                                 const std::string& workload) {
  std::string ns = workload.substr(0, workload.find('/'));
  std::string key = cluster + "/" + ns;
  if (auto it = by_namespace_.find(key); it != by_namespace_.end()) return it->second;
  ASSIGN_OR_RETURN(std::optional<catalog::OwnerInfo> info, lookup_.ByNamespace(ns, cluster));
  WorkloadOwner owner;
  if (info && !info->project.empty()) owner = {info->team, info->project};
  by_namespace_[key] = owner;
  return owner;
}

}  // namespace paved::traffic::edges
