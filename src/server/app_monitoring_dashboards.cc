// Generated Grafana dashboards wired into the App: the monitoring config, the source of
// dashboards, delivery to Grafana and provisioning files, the job, the API and the metric.
#include <cstdlib>

#include "core/status_macros.h"
#include "monitoring/grafana/dashboard_routes.h"
#include "monitoring/incidents/lesson_extras.h"
#include "server/app.h"
#include "spdlog/spdlog.h"

namespace paved::server {
namespace {

// The Grafana token from the environment variable the config names.
absl::StatusOr<std::string> GrafanaToken(const monitoring::GrafanaConfig& grafana) {
  const char* token = grafana.token_env.empty() ? nullptr : std::getenv(grafana.token_env.c_str());
  if (token == nullptr || *token == '\0') {
    return absl::InvalidArgumentError(
        "monitoring.grafana.token_env: set it to the name of an environment variable holding a "
        "Grafana service-account token (monitoring.grafana.url is set)");
  }
  return std::string(token);
}

// The panels the project's incidents taught, for its namespaces' dashboards. A store error
// leaves them out of this generation (logged) rather than failing every dashboard.
monitoring::dashboards::ExtraPanelsOf LessonPanels(monitoring::incidents::IncidentStore* store) {
  return [store](const monitoring::Target& t) {
    std::vector<monitoring::dashboards::ExtraPanel> out;
    auto panels = monitoring::incidents::LessonPanelsOf(*store, t.project);
    if (!panels.ok()) {
      spdlog::warn("monitoring: lessons of {}: {}", t.project, panels.status().ToString());
      return out;
    }
    for (auto& p : *panels)
      out.push_back({std::move(p.title), std::move(p.promql), std::move(p.unit)});
    return out;
  };
}

}  // namespace

monitoring::grafana::ChangesSince App::ChangesForDashboards() {
  if (!recent_changes_) {
    recent_changes_ =
        std::make_unique<deploy::rollout::RecentChangesReader>(store_.get(), clock_, audit_.get());
  }
  return [reader = recent_changes_.get()](
             const monitoring::grafana::Delivery& d, int64_t after_seq,
             int64_t since_ms) -> absl::StatusOr<std::vector<monitoring::grafana::Change>> {
    ASSIGN_OR_RETURN(auto changes, reader->Since(d.project, d.cluster, since_ms));
    std::vector<monitoring::grafana::Change> out;
    for (auto& c : changes) {
      if (c.seq <= after_seq) continue;
      out.push_back({c.seq, c.at_ms, std::move(c.kind), std::move(c.actor),
                     std::move(c.environment), std::move(c.text)});
    }
    return out;
  };
}

// REQUIRES: InstallMonitoring() (it parses monitoring_config_) and InstallIncidents() ran.
absl::Status App::InstallMonitoringDashboards() {
  const monitoring::GrafanaConfig& grafana = monitoring_config_.grafana;
  dashboard_source_ = std::make_unique<monitoring::dashboards::TargetDashboardSource>(
      store_.get(), &monitoring_config_, PublicUrl(), LessonPanels(incident_store_.get()));
  dashboard_deliveries_ = std::make_unique<monitoring::grafana::DeliveryStore>(store_.get());
  if (!grafana.url.empty()) {
    ASSIGN_OR_RETURN(std::string token, GrafanaToken(grafana));
    grafana_http_ = http::NewCurlClient();
    grafana_ = monitoring::grafana::NewHttpClient({.url = grafana.url, .token = token},
                                                  grafana_http_.get());
  }
  dashboards_job_ = std::make_unique<monitoring::grafana::DashboardsJob>(
      dashboard_source_.get(), grafana_.get(), dashboard_deliveries_.get(), clock_,
      monitoring::grafana::DashboardsJobConfig{
          .grafana_url = grafana.url,
          .folder_prefix = grafana.folder_prefix,
          .provisioning_dir = monitoring_config_.provisioning_dir},
      ChangesForDashboards());
  dashboards_job_->Register(*workers_, *scheduler_);
  RETURN_IF_ERROR(dashboards_job_->Watch(*store_, *scheduler_));
  metrics_.AddGauge("paved_monitoring_dashboards_edited",
                    "Generated dashboards edited in Grafana since Paved delivered them (left "
                    "alone).",
                    [deliveries = dashboard_deliveries_.get()] {
                      auto n = deliveries->CountEdited();
                      return n.ok() ? static_cast<double>(*n) : 0.0;
                    });
  router_.Add(monitoring::grafana::DashboardRoutes(
      {dashboard_source_.get(), dashboard_deliveries_.get(), dashboards_job_.get(),
       scheduler_.get(), store_.get(), audit_.get()}));
  return absl::OkStatus();
}

}  // namespace paved::server
