#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "alerts/alerts_config.h"
#include "alerts/alerts_deps.h"
#include "alerts/ingest/ingestor.h"
#include "alerts/routes/alert_stream.h"
#include "alerts/store/alert_store.h"
#include "audit/audit_log.h"
#include "audit/event_feed.h"
#include "auth/credentials.h"
#include "auth/login_throttle.h"
#include "auth/users.h"
#include "catalog/cloud_resources.h"
#include "catalog/ownership.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/clock.h"
#include "core/config.h"
#include "cost/bill_source_job.h"
#include "cost/budgets/budget_notifier.h"
#include "cost/budgets/budget_service.h"
#include "cost/budgets/budgets_config.h"
#include "cost/cost_store.h"
#include "cost/kubernetes/allocator.h"
#include "cost/owners.h"
#include "deploy/platform/platform_store.h"
#include "deploy/policy/policy_config.h"
#include "deploy/release/release_builder.h"
#include "deploy/render/standards.h"
#include "deploy/rollout/recent_changes.h"
#include "deploy/runtime/runtime.h"
#include "deploy/secrets/config_store.h"
#include "deploy/secrets/key_ring.h"
#include "deploy/secrets/secret_store.h"
#include "deploy/spec/spec_store.h"
#include "http/client.h"
#include "http/router.h"
#include "jobs/job_queue.h"
#include "jobs/scheduler.h"
#include "jobs/worker_pool.h"
#include "monitoring/dashboards/target_dashboards.h"
#include "monitoring/grafana/dashboards_job.h"
#include "monitoring/grafana/grafana_client.h"
#include "monitoring/incidents/incident_service.h"
#include "monitoring/incidents/overdue_digest.h"
#include "monitoring/monitoring_config.h"
#include "monitoring/rules/rule_file.h"
#include "providers/slack/slack_client.h"
#include "resources/install.h"
#include "server/metrics.h"
#include "store/store.h"
#include "traffic/edges/traffic_store.h"
#include "traffic/pods/pod_history_job.h"
#include "traffic/pods/pod_history_store.h"
#include "traffic/sources/traffic_source_job.h"

namespace paved::deploy::runtime::local {
class LocalRuntime;
}  // namespace paved::deploy::runtime::local

namespace paved::server {

// The whole platform minus the listening socket: store, domains, routes, background work.
// Tests drive Handle() directly or put an http::Server in front of it.
class App {
 public:
  // Opens the store, applies migrations, creates the admin user on first start (printing a
  // generated password when none is configured), seeds demo data into an empty database when
  // enabled, and registers every route.
  static absl::StatusOr<std::unique_ptr<App>> Create(const ServerConfig& config,
                                                     const Clock* clock = SystemClock::Get());
  ~App();

  // The root HTTP handler: routing, authentication, permission and CSRF checks, metrics, access
  // log, static web UI.
  http::Response Handle(http::Request& req);
  // The largest body a request may carry, from its head (http::ServerOptions::body_limit):
  // max_body_bytes, or the route's own larger limit (http::Route::max_body_bytes: uploads of a
  // site's file, a bill, a flow-log report) — but only when the head's credentials name a caller
  // the route admits, so that no anonymous or unprivileged client makes the server hold hundreds
  // of megabytes before refusing it.
  size_t BodyLimit(const http::Request& head) const;

  // Live event feed and job workers.
  absl::Status StartBackground();
  void StopBackground();
  // What `paved serve` says when it stops: how many local-runtime processes keep running and
  // that the next start on the same data directory re-adopts them; "" when none runs.
  std::string ShutdownNote();

  const http::Router& router() const { return router_; }
  store::Store& store() { return *store_; }
  jobs::JobQueue& job_queue() { return *job_queue_; }
  jobs::WorkerPool& workers() { return *workers_; }
  jobs::Scheduler& scheduler() { return *scheduler_; }
  audit::EventFeed& event_feed() { return *event_feed_; }
  Metrics& metrics() { return metrics_; }
  const ServerConfig& config() const { return config_; }

 private:
  App(const ServerConfig& config, const Clock* clock) : config_(config), clock_(clock) {}
  absl::Status Init();
  absl::Status AddRoutes();
  absl::Status AddDeployRoutes();
  absl::Status InstallAlerts();  // app_alerts.cc
  absl::Status
  InstallMonitoring();  // app_monitoring.cc: config, rules and signals APIs (before deploy)
  absl::Status InstallCostAllocation();  // app_cost_allocation.cc
  absl::Status InstallCostSources();     // app_cost_sources.cc
  absl::Status InstallTrafficSources();  // app_traffic_sources.cc
  absl::Status InstallBudgets();         // app_budgets.cc: service, routes, resource gate
  absl::Status InstallBudgetNotifier();  // app_budgets.cc: after InstallAlerts (the chat)
  absl::Status InstallIncidents();       // app_incidents.cc: after InstallAlerts
  resources::BudgetGate BudgetGate();    // app_budgets.cc: null when the gate is off
  absl::Status AddResourceRoutes();
  absl::Status AddCostRoutes();      // app_cost.cc
  absl::Status AddTrafficRoutes();   // app_traffic.cc
  absl::Status InstallPodHistory();  // app_traffic.cc: traffic.pod_history
  // app_monitoring_dashboards.cc: dashboards job, API, metric.
  absl::Status InstallMonitoringDashboards();
  // The namespace's generated dashboard in Grafana; "" without monitoring.grafana.url.
  std::string NamespaceDashboardUrl(const std::string& cluster, const std::string& ns) const;
  monitoring::grafana::ChangesSince ChangesForDashboards();
  // The alerts the project's incidents taught, for its targets' rules (read when asked, so the
  // incident store, installed later, is there).
  monitoring::rules::TaughtRulesOf LessonRules();
  cost::PavedResourceLookup PavedResourceOwners();
  std::string PublicUrl() const;
  absl::Status PostToTeamChannel(const std::string& team_slug, const std::string& text);
  alerts::RecentChangesFn RecentChangesForAlerts();
  absl::Status SeedDemoAlerts();
  http::Response Dispatch(http::Request& req, std::string* route_label, std::string* actor);
  // The caller `req`'s credentials name (none for a route that authenticates itself), and the
  // answer when `route` does not admit them: 401, 403 for the role, 403 csrf for a browser
  // session's change without its token. Dispatch and BodyLimit decide alike.
  absl::StatusOr<std::optional<http::Caller>> CallerOf(const http::Route& route,
                                                       const http::Request& req) const;
  static std::optional<http::Response> Refusal(
      const http::Route& route, const http::Request& req,
      const absl::StatusOr<std::optional<http::Caller>>& caller);

  ServerConfig config_;
  const Clock* clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<audit::EventFeed> event_feed_;
  std::unique_ptr<auth::UserStore> users_;
  std::unique_ptr<auth::Credentials> credentials_;
  std::unique_ptr<auth::LoginThrottle> throttle_;
  std::unique_ptr<catalog::TeamStore> teams_;
  std::unique_ptr<catalog::ProjectStore> projects_;
  std::unique_ptr<jobs::JobQueue> job_queue_;
  std::string worker_prefix_;  // host-pid-random: unique per process
  std::unique_ptr<jobs::WorkerPool> workers_;
  std::unique_ptr<jobs::Scheduler> scheduler_;
  std::unique_ptr<catalog::OwnerLookup> owner_lookup_;
  std::unique_ptr<catalog::CloudResourceStore> resources_;
  std::unique_ptr<deploy::KeyRing> secret_keys_;
  deploy::runtime::local::LocalRuntime* local_runtime_ = nullptr;  // owned by runtimes_
  deploy::policy::PolicyConfig policy_config_;
  deploy::render::Standards standards_;
  std::unique_ptr<deploy::spec::SpecStore> specs_;
  std::unique_ptr<deploy::platform::PlatformStore> platform_;
  std::unique_ptr<deploy::ConfigStore> config_store_;
  std::unique_ptr<deploy::SecretStore> secret_store_;
  std::unique_ptr<deploy::release::ReleaseBuilder> releases_;
  resources::Installed resources_domain_;
  std::unique_ptr<cost::CostStore> costs_;
  std::unique_ptr<traffic::edges::TrafficStore> traffic_;
  monitoring::MonitoringConfig monitoring_config_;
  // Pods and nodes listed from kubernetes clusters (traffic.pod_history).
  std::unique_ptr<traffic::pods::PodHistoryStore> pod_history_;
  std::unique_ptr<traffic::pods::PodHistoryJob> pod_history_job_;
  // Kubernetes cost allocation (cost.kubernetes).
  std::unique_ptr<cost::kubernetes::TeamResolver> cost_teams_;
  std::unique_ptr<http::Client> cost_prometheus_http_;
  std::unique_ptr<cost::kubernetes::AllocationStore> cost_allocations_;
  std::unique_ptr<cost::kubernetes::Allocator> cost_allocator_;
  // Bills from directories and S3 buckets (cost.bill_sources).
  std::unique_ptr<http::Client> cost_sources_http_;
  std::unique_ptr<cost::BillSourceJob> cost_sources_;
  // Flow logs from directories and S3 buckets (traffic.sources). A source without pods/nodes
  // documents takes its pod history from traffic_pod_history_: the pods kept from the
  // Kubernetes API (set by InstallPodHistory, before InstallTrafficSources).
  traffic::sources::PodHistoryProvider traffic_pod_history_;
  std::unique_ptr<http::Client> traffic_sources_http_;
  std::unique_ptr<traffic::sources::SourceFileStore> traffic_source_files_;
  std::unique_ptr<traffic::sources::TrafficSourceJob> traffic_sources_;
  deploy::runtime::RuntimeRegistry runtimes_;
  // PAVED_CHECK_RESPONSES=1: every 2xx JSON answer is checked against its route's response
  // schema, and one that does not match becomes a 500 response_schema error (tests set it).
  bool check_responses_ = false;
  bool demo_seeded_ = false;  // this start seeded the demo data (and deploys the demo app)
  http::Router router_;
  Metrics metrics_;
  // Alerts; declared last so the ingest writer stops before the stores it writes to go away.
  std::unique_ptr<deploy::rollout::RecentChangesReader> recent_changes_;
  alerts::AlertsConfig alerts_config_;
  std::unique_ptr<http::Client> outbound_http_;
  std::unique_ptr<slack::Client> slack_;
  std::unique_ptr<alerts::AlertStore> alert_store_;
  std::unique_ptr<alerts::AlertStream> alert_stream_;
  std::unique_ptr<alerts::Ingestor> ingestor_;
  std::unique_ptr<jobs::WorkerPool> alert_first_posts_;  // a lane of its own for new groups
  // Budgets (app_budgets.cc).
  cost::budgets::BudgetsConfig budgets_config_;
  std::unique_ptr<cost::budgets::SpendSource> budget_spend_;
  std::unique_ptr<cost::budgets::BudgetStore> budget_store_;
  std::shared_ptr<cost::budgets::BudgetService> budget_service_;
  std::unique_ptr<cost::budgets::BudgetNotifier> budget_notifier_;
  std::unique_ptr<http::Client> monitoring_prometheus_http_;  // the Monitoring tab's queries
  // Incidents (app_incidents.cc).
  std::unique_ptr<monitoring::incidents::IncidentStore> incident_store_;
  std::unique_ptr<monitoring::incidents::TimelineReader> incident_timeline_;
  std::shared_ptr<monitoring::incidents::IncidentService> incident_service_;
  std::unique_ptr<monitoring::incidents::OverdueDigest> overdue_digest_;
  // Generated dashboards (app_monitoring_dashboards.cc).
  std::unique_ptr<monitoring::dashboards::TargetDashboardSource> dashboard_source_;
  std::unique_ptr<monitoring::grafana::DeliveryStore> dashboard_deliveries_;
  std::unique_ptr<http::Client> grafana_http_;
  std::unique_ptr<monitoring::grafana::Client> grafana_;
  std::unique_ptr<monitoring::grafana::DashboardsJob> dashboards_job_;
};

extern const char kVersion[];

}  // namespace paved::server
