#pragma once

#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "http/router.h"
#include "jobs/scheduler.h"
#include "monitoring/dashboards/dashboard_source.h"
#include "monitoring/grafana/dashboards_job.h"
#include "monitoring/grafana/delivery_store.h"
#include "store/store.h"

namespace paved::monitoring::grafana {

struct DashboardRoutesDeps {
  dashboards::DashboardSource* source;
  DeliveryStore* deliveries;
  DashboardsJob* job;
  jobs::Scheduler* scheduler;
  store::Store* store;
  audit::AuditLog* audit;
};

// GET /api/v1/monitoring/dashboards (every generated dashboard with its Grafana URL and state:
// delivered, edited-in-grafana or not-delivered; filters team and project; any signed-in user —
// viewers read everything), GET /api/v1/projects/{slug}/monitoring/dashboards (the generated
// JSON of a project's namespaces; 404 for an unknown project) and
// POST /api/v1/monitoring/dashboards/sync (queue a delivery now; sre and admin; audited as
// monitoring.dashboards.sync; 409 when neither Grafana nor a provisioning folder is configured).
std::vector<http::Route> DashboardRoutes(DashboardRoutesDeps deps);

}  // namespace paved::monitoring::grafana
