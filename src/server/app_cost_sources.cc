// Bills that arrive on their own wired into the App: config, the periodic job, the API.
#include <filesystem>

#include "catalog/resource_scan.h"
#include "core/status_macros.h"
#include "cost/source_routes.h"
#include "server/app.h"

namespace paved::server {

absl::Status App::InstallCostSources() {
  ASSIGN_OR_RETURN(cost::BillSourcesConfig config,
                   cost::ParseBillSources(config_.file, catalog::ProcessEnv()));
  cost_sources_http_ = http::NewCurlClient({.max_response_bytes = 32 << 20});
  cost::BillImportDeps deps{
      .store = store_.get(),
      .costs = costs_.get(),
      .audit = audit_.get(),
      .clock = clock_,
      .keys = {.team = config_.cost.team_tag_keys, .project = config_.cost.project_tag_keys}};
  cost_sources_ = std::make_unique<cost::BillSourceJob>(
      deps, std::move(config), cost_sources_http_.get(),
      (std::filesystem::path(config_.data_dir) / "tmp" / "bills").string());
  cost_sources_->Register(*workers_, *scheduler_);
  router_.Add(cost::SourceRoutes(cost_sources_.get(), store_.get(), scheduler_.get()));
  return absl::OkStatus();
}

}  // namespace paved::server
