#pragma once

#include <string>

#include "monitoring/dashboards/generated_dashboard.h"

namespace paved::monitoring::dashboards {

// The SLO recording rules the overall dashboard ranks by: each a per-service series of the
// error-budget burn rate (1 = spending the budget exactly over the SLO window) with labels
// namespace and service. Names as the rules part records them.
struct BurnRateRules {
  std::string burn_rate_1h;
  std::string burn_rate_6h;
  std::string burn_rate_3d;  // "" = no long-window panel
  std::string namespace_label = "namespace";
  std::string service_label = "service";
};

// The overall dashboard (uid DashboardUid("overall", "slo")): every service ranked by
// error-budget burn, the fastest burners first (1 h, 6 h and, when given, 3 d windows), the count
// of services burning faster than 1 and 14.4, and every firing SLO alert.
GeneratedDashboard OverallDashboard(const BurnRateRules& rules, const std::string& paved_url);

}  // namespace paved::monitoring::dashboards
