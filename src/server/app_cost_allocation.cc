// The Kubernetes cost allocation wired into the App: config, the periodic job, the API.
#include "core/status_macros.h"
#include "cost/allocation_routes.h"
#include "cost/kubernetes/kubernetes_config.h"
#include "server/app.h"

namespace paved::server {

absl::Status App::InstallCostAllocation() {
  ASSIGN_OR_RETURN(cost::kubernetes::KubernetesCostConfig config,
                   cost::kubernetes::ParseKubernetesCostConfig(config_.file));
  cost_teams_ = cost::kubernetes::CatalogTeams(owner_lookup_.get(), teams_.get());
  cost_prometheus_http_ =
      http::NewCurlClient({.max_response_bytes = static_cast<size_t>(config.max_response_bytes)});
  cost_allocations_ = std::make_unique<cost::kubernetes::AllocationStore>(store_.get());
  cost_allocator_ = std::make_unique<cost::kubernetes::Allocator>(
      cost::kubernetes::AllocatorDeps{.store = store_.get(),
                                      .audit = audit_.get(),
                                      .clock = clock_,
                                      .http = cost_prometheus_http_.get(),
                                      .teams = cost_teams_.get(),
                                      .config = std::move(config)});
  cost_allocator_->Register(*workers_, *scheduler_);
  router_.Add(
      cost::AllocationRoutes(cost_allocator_.get(), cost_allocations_.get(), cost_teams_.get()));
  return absl::OkStatus();
}

}  // namespace paved::server
