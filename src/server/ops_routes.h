#pragma once

#include "audit/audit_log.h"
#include "audit/event_feed.h"
#include "http/router.h"
#include "jobs/job_queue.h"
#include "server/metrics.h"

namespace paved::server {

struct OpsDeps {
  store::Store* store;
  audit::AuditLog* audit;
  audit::EventFeed* feed;
  jobs::JobQueue* jobs;
  Metrics* metrics;
  const http::Router* router;  // for the OpenAPI document
};

// /healthz, /readyz, /metrics, /api/v1/openapi.json, /api/v1/audit, /api/v1/events/stream,
// /api/v1/jobs.
std::vector<http::Route> OpsRoutes(const OpsDeps& deps);

}  // namespace paved::server
