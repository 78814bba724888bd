// The monitoring domain wired into the App: the `monitoring:` config block, the SLO rules API;
// the PrometheusRule releases carry is hooked into the release builder (AddDeployRoutes).
#include "core/status_macros.h"
#include "monitoring/rules/rules_routes.h"
#include "server/app.h"

namespace paved::server {

absl::Status App::InstallMonitoring() {
  ASSIGN_OR_RETURN(monitoring_config_, monitoring::ParseMonitoringConfig(config_.file));
  router_.Add(monitoring::rules::MonitoringRulesRoutes(
      {.store = store_.get(), .config = &monitoring_config_}));
  return absl::OkStatus();
}

}  // namespace paved::server
