#pragma once

#include <vector>

#include "cost/kubernetes/allocator.h"
#include "http/router.h"

namespace paved::cost {

// GET /api/v1/cost/allocations?day=YYYY-MM-DD[&cluster=NAME]: a day's Kubernetes allocation.
// sre and admin see every row and the nodes; anyone else sees the rows of their own teams —
// workload rows whose namespace the catalog gives to one of their teams, shared rows split to
// one of them — and no idle row and no node.
// POST /api/v1/cost/allocations/run?day=YYYY-MM-DD (sre, admin): allocates the day now
// (replacing what was stored); 409 when cost.kubernetes is not configured, 503 when Prometheus
// cannot be read.
// `allocator` and `teams` outlive the routes.
std::vector<http::Route> AllocationRoutes(kubernetes::Allocator* allocator,
                                          kubernetes::AllocationStore* store,
                                          kubernetes::TeamResolver* teams);

}  // namespace paved::cost
