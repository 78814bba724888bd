#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "core/clock.h"
#include "deploy/platform/platform_store.h"
#include "http/router.h"
#include "store/store.h"
#include "traffic/edges/traffic_store.h"
#include "traffic/edges/traffic_views.h"

namespace paved::traffic::edges {

struct TrafficDeps {
  store::Store* store = nullptr;
  const Clock* clock = nullptr;
  audit::AuditLog* audit = nullptr;
  TrafficStore* traffic = nullptr;
  deploy::platform::PlatformStore* platform = nullptr;  // the known clusters
  EdgeAdvisor advisor;                                  // may be empty: no proposals
};

// The largest report POST /api/v1/traffic/analyses takes.
inline constexpr int64_t kMaxReportUploadBytes = 64LL << 20;

// The traffic API (docs/traffic.md):
//   POST /api/v1/traffic/analyses   ?cluster=NAME&name=SOURCE; body: a vpc-flow-xzone/1 report
//   GET  /api/v1/traffic/analyses   ?cluster: the stored analyses, newest first
//   GET  /api/v1/traffic            ?from&to&group_by=team|project|workload|edge&cluster
//   GET  /api/v1/projects/{slug}/traffic  ?from&to&cluster
//   GET  /api/v1/teams/{slug}/traffic     ?from&to&cluster
// Reads mirror cost (auth::SeesAllCost): sre and admin see every team; everyone else the edges
// touching their teams' workloads and those sent by unowned ones, and only their teams' project
// and team pages (403 otherwise). Storing and listing analyses: sre and admin; a mistake in the
// report is 422 naming the field, and nothing is stored. Everything must outlive the router.
std::vector<http::Route> TrafficRoutes(const TrafficDeps& deps);

}  // namespace paved::traffic::edges
