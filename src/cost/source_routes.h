#pragma once

#include <vector>

#include "cost/bill_source_job.h"
#include "http/router.h"
#include "jobs/scheduler.h"

namespace paved::cost {

// GET /api/v1/cost/sources (each configured bill source and the state of its files) and
// POST /api/v1/cost/sources/run (sync them now, as the job does); sre and admin.
std::vector<http::Route> SourceRoutes(BillSourceJob* job, store::Store* store,
                                      jobs::Scheduler* scheduler);

}  // namespace paved::cost
