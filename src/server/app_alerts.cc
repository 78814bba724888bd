// The alerts domain wired into the App: config, store, ingest hooks, delivery jobs, API, live
// stream.
#include "alerts/delivery/delivery.h"
#include "alerts/ingest/hook_routes.h"
#include "alerts/ingest/ingestor.h"
#include "alerts/routes/alert_routes.h"
#include "alerts/routes/alert_stream.h"
#include "core/status_macros.h"
#include "deploy/rollout/recent_changes.h"
#include "server/app.h"

namespace paved::server {

alerts::RecentChangesFn App::RecentChangesForAlerts() {
  recent_changes_ =
      std::make_unique<deploy::rollout::RecentChangesReader>(store_.get(), clock_, audit_.get());
  return [reader = recent_changes_.get()](
             const std::string& project, const std::string& cluster,
             int64_t since_ms) -> absl::StatusOr<std::vector<alerts::RecentChange>> {
    ASSIGN_OR_RETURN(auto changes, reader->Since(project, cluster, since_ms));
    std::vector<alerts::RecentChange> out;
    out.reserve(changes.size());
    for (auto& c : changes) {
      out.push_back({.at_ms = c.at_ms,
                     .kind = std::move(c.kind),
                     .actor = std::move(c.actor),
                     .environment = std::move(c.environment),
                     .cluster = std::move(c.cluster),
                     .text = std::move(c.text)});
    }
    return out;
  };
}

namespace {

alerts::IncomingAlert DemoAlert(const std::string& name, const std::string& ns,
                                const std::string& severity, const std::string& summary,
                                int64_t starts_at_ms) {
  return {.labels = {{"alertname", name},
                     {"namespace", ns},
                     {"cluster", "local-alpha"},
                     {"severity", severity}},
          .annotations = {{"summary", summary},
                          {"runbook_url", "https://runbooks.example.com/" + name}},
          .starts_at_ms = starts_at_ms,
          .generator_url = "http://prometheus.example.com/graph?g0.expr=" + name};
}

}  // namespace

// A first look at the alerts pages: two firing alerts of the demo project and one that no team
// owns, as if a source had sent them.
absl::Status App::SeedDemoAlerts() {
  int64_t now = clock_->NowMs();
  std::vector<alerts::IncomingAlert> demo = {
      DemoAlert("HighErrorRate", "chat-gateway", "critical", "5xx ratio 7.2% over 5m",
                now - 14 * 60 * 1000),
      DemoAlert("LatencyP99High", "chat-gateway", "warning", "p99 latency 1.8 s",
                now - 6 * 60 * 1000),
      DemoAlert("DiskFilling", "legacy-batch", "warning", "volume data-0 is 91% full",
                now - 45 * 60 * 1000),
  };
  return ingestor_->Ingest("demo", std::move(demo)).status();
}

absl::Status App::InstallAlerts() {
  ASSIGN_OR_RETURN(alerts_config_, alerts::ParseAlertsConfig(config_.file));
  if (alerts_config_.public_url.empty()) alerts_config_.public_url = config_.public_url;
  if (alerts_config_.public_url.empty()) {
    alerts_config_.public_url =
        "http://" + config_.listen_host + ":" + std::to_string(config_.listen_port);
  }
  alert_store_ = std::make_unique<alerts::AlertStore>(store_.get(), job_queue_.get(), clock_,
                                                      alerts_config_.group_wait_ms);
  alert_stream_ = std::make_unique<alerts::AlertStream>(store_.get());
  alert_first_posts_ = std::make_unique<jobs::WorkerPool>(
      job_queue_.get(), jobs::WorkerPoolOptions{.worker_prefix = worker_prefix_ + "-alerts",
                                                .threads = 1,
                                                .lease_ms = config_.job_lease_ms});
  RETURN_IF_ERROR(alert_stream_->Start());
  outbound_http_ = http::NewCurlClient();
  if (!alerts_config_.slack_bot_token.empty()) {
    slack_ = slack::NewWebApiClient(
        {.api_url = alerts_config_.slack_api_url, .bot_token = alerts_config_.slack_bot_token},
        outbound_http_.get());
  }
  alerts::AlertsDeps deps{.store = store_.get(),
                          .clock = clock_,
                          .audit = audit_.get(),
                          .queue = job_queue_.get(),
                          .config = &alerts_config_,
                          .alerts = alert_store_.get(),
                          .owners = owner_lookup_.get(),
                          .http = outbound_http_.get(),
                          .recent_changes = RecentChangesForAlerts(),
                          // After a commit: live pages re-read, idle workers deliver at once.
                          .changed = [this](const std::vector<std::string>& groups) {
                            alert_stream_->Publish(groups);
                            workers_->Wake();
                            alert_first_posts_->Wake();
                          }};
  ingestor_ = std::make_unique<alerts::Ingestor>(deps);
  RETURN_IF_ERROR(ingestor_->Start());
  if (demo_seeded_) RETURN_IF_ERROR(SeedDemoAlerts());
  router_.Add(alerts::HookRoutes(ingestor_.get(), &alerts_config_));
  router_.Add(alerts::AlertRoutes(deps, alert_stream_.get()));
  alerts::InstallAlertDelivery(workers_.get(), alert_first_posts_.get(), scheduler_.get(), deps,
                               slack_.get());
  metrics_.AddGauge("paved_alerts_indexed", "Alerts known to the ingest index.",
                    [this] { return static_cast<double>(ingestor_->IndexSize()); });
  return absl::OkStatus();
}

}  // namespace paved::server
