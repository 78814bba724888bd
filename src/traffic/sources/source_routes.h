#pragma once

#include <vector>

#include "http/router.h"
#include "jobs/scheduler.h"
#include "traffic/sources/source_file_store.h"
#include "traffic/sources/traffic_source_job.h"

namespace paved::traffic::sources {

// GET /api/v1/traffic/sources (each configured flow-log source with its last run and the state
// of its files) and POST /api/v1/traffic/sources/{name}/sync (queue a run of the job for it);
// sre and admin.
std::vector<http::Route> SourceRoutes(TrafficSourceJob* job, SourceFileStore* files,
                                      jobs::Scheduler* scheduler);

}  // namespace paved::traffic::sources
