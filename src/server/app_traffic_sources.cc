// Flow logs that arrive on their own wired into the App: config, the periodic job, the API.
#include <filesystem>

#include "catalog/resource_scan.h"
#include "core/status_macros.h"
#include "server/app.h"
#include "traffic/sources/source_routes.h"

namespace paved::server {

absl::Status App::InstallTrafficSources() {
  ASSIGN_OR_RETURN(traffic::sources::TrafficSourcesConfig config,
                   traffic::sources::ParseTrafficSources(config_.file, catalog::ProcessEnv()));
  traffic_sources_http_ = http::NewCurlClient({.max_response_bytes = 32 << 20});
  traffic_source_files_ = std::make_unique<traffic::sources::SourceFileStore>(store_.get());
  deploy::platform::PlatformStore* platform = platform_.get();
  traffic_sources_ = std::make_unique<traffic::sources::TrafficSourceJob>(
      traffic::sources::TrafficSourceJobDeps{
          .analysis = {.store = store_.get(),
                       .traffic = traffic_.get(),
                       .audit = audit_.get(),
                       .clock = clock_},
          .files = traffic_source_files_.get(),
          .cluster_known =
              [platform](const std::string& cluster) {
                return platform->GetCluster(cluster).status();
              },
          .http = traffic_sources_http_.get(),
          .scratch_dir = (std::filesystem::path(config_.data_dir) / "tmp" / "flow-logs").string(),
          .pod_history = traffic_pod_history_},
      std::move(config));
  traffic_sources_->Register(*workers_, *scheduler_);
  router_.Add(traffic::sources::SourceRoutes(traffic_sources_.get(), traffic_source_files_.get(),
                                             scheduler_.get()));
  return absl::OkStatus();
}

}  // namespace paved::server
