#pragma once

#include <string>
#include <vector>

#include "monitoring/dashboards/dashboard_json.h"
#include "monitoring/dashboards/generated_dashboard.h"

namespace paved::monitoring::dashboards {

// The inputs of one project namespace's dashboard. The PromQL comes from the monitoring
// signals of the namespace's target (RED per service, saturation); this folder only lays it out.
struct NamespaceInput {
  std::string project;  // slug
  std::string team;     // owner team slug
  std::string cluster;
  std::string ns;
  std::vector<std::string> services;
  std::string project_url;               // the project's page in Paved ("" = no link)
  std::vector<PanelQuery> red;           // rate, error ratio, latency p50/p99 (by service)
  std::vector<PanelQuery> saturation;    // throttling, memory vs limit, restarts, OOM, evictions
  std::vector<PanelQuery> capacity;      // optional
  std::vector<ExtraPanel> extra_panels;  // from incidents' lessons
};

// The namespace's dashboard: uid DashboardUid("ns", cluster + "/" + namespace), title
// "<project> · <namespace> (<cluster>)", tags paved, team, project; a header with the project
// link and services, rows RED, Saturation, Capacity (when given), Firing alerts (alertlist
// filtered by namespace), From incidents (when given). Same input → same bytes.
GeneratedDashboard NamespaceDashboard(const NamespaceInput& input);

}  // namespace paved::monitoring::dashboards
