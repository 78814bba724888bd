// The monitoring domain wired into the App: the `monitoring:` config block, the SLO rules API,
// the Monitoring tab's golden signals;
// the PrometheusRule releases carry is hooked into the release builder (AddDeployRoutes).
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "core/status_macros.h"
#include "monitoring/dashboards/dashboard_uid.h"
#include "monitoring/golden/golden_routes.h"
#include "monitoring/rules/rules_routes.h"
#include "server/app.h"

namespace paved::server {

namespace {
// A Monitoring tab answer holds at most a few thousand points per query.
constexpr size_t kMaxPrometheusAnswerBytes = 8 << 20;
}  // namespace

std::string App::NamespaceDashboardUrl(const std::string& cluster, const std::string& ns) const {
  const std::string& grafana = monitoring_config_.grafana.url;
  if (grafana.empty()) return "";
  return absl::StrCat(absl::StripSuffix(grafana, "/"), "/d/",
                      monitoring::dashboards::DashboardUid("ns", absl::StrCat(cluster, "/", ns)));
}

absl::Status App::InstallMonitoring() {
  ASSIGN_OR_RETURN(monitoring_config_, monitoring::ParseMonitoringConfig(config_.file));
  router_.Add(monitoring::rules::MonitoringRulesRoutes(
      {.store = store_.get(), .config = &monitoring_config_}));
  monitoring_prometheus_http_ =
      http::NewCurlClient({.max_response_bytes = kMaxPrometheusAnswerBytes});
  router_.Add(monitoring::GoldenSignalsRoutes(
      {.store = store_.get(),
       .clock = clock_,
       .config = &monitoring_config_,
       .http = monitoring_prometheus_http_.get(),
       .dashboard_url = [this](const std::string& cluster, const std::string& ns) {
         return NamespaceDashboardUrl(cluster, ns);
       }}));
  return absl::OkStatus();
}

}  // namespace paved::server
