#pragma once

#include <vector>

#include "core/clock.h"
#include "http/router.h"
#include "monitoring/monitoring_config.h"
#include "monitoring/rules/rule_file.h"
#include "store/store.h"

namespace paved::monitoring::rules {

struct RulesDeps {
  store::Store* store;
  const MonitoringConfig* config;
  TaughtRulesOf taught;  // the lessons' alerts; none when unset
};

// Read-only, for every member of the platform (projects are readable by all):
//   GET /api/v1/projects/{slug}/monitoring/rules?cluster=&format=yaml|json — the project's rule
//       file (YAML by default; JSON {"groups": [...]}), of one cluster when given;
//   GET /api/v1/projects/{slug}/monitoring/slos?cluster= — per service its objectives, error
//       budgets, the recorded series and the burn-rate alerts.
// 404 for an unknown project, and naming `cluster` for a cluster it does not run on; 422 naming
// `format` for another format.
std::vector<http::Route> MonitoringRulesRoutes(const RulesDeps& deps);

}  // namespace paved::monitoring::rules
