// The Monitoring tab's golden signals wired into the App: the Prometheus client and the route.
#include "core/status_macros.h"
#include "monitoring/golden/golden_routes.h"
#include "server/app.h"

namespace paved::server {

namespace {
// A Monitoring tab answer holds at most a few thousand points per query.
constexpr size_t kMaxPrometheusAnswerBytes = 8 << 20;
}  // namespace

absl::Status App::InstallMonitoringSignals() {
  ASSIGN_OR_RETURN(monitoring_config_, monitoring::ParseMonitoringConfig(config_.file));
  monitoring_prometheus_http_ =
      http::NewCurlClient({.max_response_bytes = kMaxPrometheusAnswerBytes});
  router_.Add(monitoring::GoldenSignalsRoutes({.store = store_.get(),
                                               .clock = clock_,
                                               .config = &monitoring_config_,
                                               .http = monitoring_prometheus_http_.get()}));
  return absl::OkStatus();
}

}  // namespace paved::server
