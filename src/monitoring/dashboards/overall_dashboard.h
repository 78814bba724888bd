#pragma once

#include <map>
#include <string>

#include "monitoring/dashboards/generated_dashboard.h"

namespace paved::monitoring::dashboards {

// One service level indicator as the SLO recording rules record it: the name of its ratio
// series (bad requests / all, labelled namespace and service) per window, and each namespace's
// error budget (1 - objective), so that ratio / budget is the burn rate (1 = spending the budget
// exactly over the SLO window).
struct RecordedSli {
  std::string title;                          // "availability", "latency"
  std::map<std::string, std::string> record;  // window ("1h", "6h", "3d") → recorded series
  std::map<std::string, double> budgets;      // namespace → error budget (0.001 for 99.9 %)
};

struct OverallInput {
  RecordedSli availability;
  RecordedSli latency;
  std::string paved_url;  // "" = no link
};

// The burn-rate expression of `sli` over `window`, one series per (namespace, service): the
// ratio divided by its namespace's budget. The most common budget divides every namespace not
// listed under another (so the query stays short whatever the number of namespaces).
// REQUIRES: sli.record has `window`.
std::string BurnRateExpr(const RecordedSli& sli, const std::string& window);

// The overall dashboard (uid DashboardUid("overall", "slo")): every service ranked by
// error-budget burn, the fastest burners first, for each SLI and window recorded (1h, 6h, 3d);
// how many services burn their availability budget faster than 1x and 14.4x; the firing SLO
// alerts (label `slo`).
GeneratedDashboard OverallDashboard(const OverallInput& input);

}  // namespace paved::monitoring::dashboards
