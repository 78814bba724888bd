// The monitoring domain wired into the App: the `monitoring:` config block, the SLO rules API,
// the Monitoring tab's golden signals;
// the PrometheusRule releases carry is hooked into the release builder (AddDeployRoutes).
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "core/status_macros.h"
#include "monitoring/dashboards/dashboard_uid.h"
#include "monitoring/golden/golden_routes.h"
#include "monitoring/incidents/lesson_extras.h"
#include "monitoring/rules/rules_routes.h"
#include "server/app.h"
#include "spdlog/spdlog.h"

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

monitoring::rules::TaughtRulesOf App::LessonRules() {
  return [this](const monitoring::Target& t) {
    std::vector<monitoring::rules::TaughtRule> out;
    if (!incident_store_) return out;
    auto lessons = monitoring::incidents::LessonRulesOf(*incident_store_, t.project);
    if (!lessons.ok()) {
      // The generated rules still serve; the lessons' come back with the store.
      spdlog::warn("monitoring: lesson rules of {}: {}", t.project, lessons.status().ToString());
      return out;
    }
    for (auto& l : *lessons) {
      out.push_back({.alert = std::move(l.rule.name),
                     .expr = std::move(l.rule.expr),
                     .for_duration = std::move(l.rule.for_),
                     .severity = std::move(l.rule.severity),
                     .lesson = std::move(l.lesson)});
    }
    return out;
  };
}

absl::Status App::InstallMonitoring() {
  ASSIGN_OR_RETURN(monitoring_config_, monitoring::ParseMonitoringConfig(config_.file));
  router_.Add(monitoring::rules::MonitoringRulesRoutes(
      {.store = store_.get(), .config = &monitoring_config_, .taught = LessonRules()}));
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
