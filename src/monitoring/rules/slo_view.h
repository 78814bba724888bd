#pragma once

#include <vector>

#include "http/schema.h"
#include "monitoring/targets.h"
#include "nlohmann/json.hpp"

namespace paved::monitoring::rules {

// The SLOs of `targets`: {"windows": ["5m",...], "burn_alerts": [{alert speed, severity, windows
// with factors, for}], "items": [one per target and service: cluster, namespace, service,
// window_days, availability {objective, error_budget, record}, latency {percent, ms,
// error_budget, record}, metrics {source, requests_total, duration_bucket}]}. A target without
// known services gives one item with service "".
nlohmann::json SloView(const std::vector<Target>& targets);

// The OpenAPI schema of SloView.
http::Schema SloViewSchema();

}  // namespace paved::monitoring::rules
