#pragma once

#include <vector>

#include "monitoring/monitoring_config.h"
#include "monitoring/rules/rule.h"
#include "monitoring/targets.h"

namespace paved::monitoring::rules {

// Capacity alerts of `t` (tickets): a container's memory working set predicted (predict_linear
// over 1h) to pass its limit within 4h, and — when the config names volume metrics — a volume
// predicted (over 6h) to fill within 24h. Labelled for the owner like the SLO alerts.
std::vector<Rule> CapacityAlertRules(const Target& t, const MonitoringConfig& config);

}  // namespace paved::monitoring::rules
