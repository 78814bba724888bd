#pragma once

#include "http/schema.h"

namespace paved::deploy::metrics {

// GET /api/v1/metrics/deployments: {"items": [DeployMetrics], "from", "to"}; DeployMetrics as
// DeployMetricsToJson writes it (a number with no data yet is null).
http::Schema DeployMetricsAnswerSchema();

}  // namespace paved::deploy::metrics
