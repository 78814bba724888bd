#pragma once

#include "core/clock.h"
#include "http/router.h"
#include "store/store.h"

namespace paved::deploy::metrics {

// GET /api/v1/metrics/deployments?group_by=project|team|platform&from=&to=&environment=
// (any signed-in user): 200 {"items":[DeployMetrics]} (docs/deployments.md). group_by defaults
// to platform; from/to are RFC 3339 or Unix milliseconds, [from, to), defaulting to the 30 days
// before now. A bad group_by, time, range (from >= to) or unknown environment → 422 naming the
// field. `store` and `clock` outlive the router.
std::vector<http::Route> DeployMetricsRoutes(store::Store* store, const Clock* clock);

}  // namespace paved::deploy::metrics
