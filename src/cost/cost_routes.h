#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "core/clock.h"
#include "cost/bill_reader.h"
#include "cost/cost_store.h"
#include "cost/owners.h"
#include "http/router.h"
#include "store/store.h"

namespace paved::cost {

struct CostDeps {
  store::Store* store = nullptr;
  const Clock* clock = nullptr;
  audit::AuditLog* audit = nullptr;
  CostStore* costs = nullptr;
  OwnerTagKeys keys;                    // from the `cost:` block
  std::string data_dir;                 // uploaded bills are written under <data_dir>/cost-uploads
  PavedResourceLookup paved_resources;  // may be empty
};

// The largest bill POST /api/v1/cost/imports takes (gzip holds about 5x more lines); bigger
// bills go through a bills directory on the server.
inline constexpr int64_t kMaxBillUploadBytes = 256LL << 20;

// The cost API (docs/cost.md):
//   GET  /api/v1/cost          ?group_by=team|project|namespace|service|account|day[,second]
//                              &from=YYYY-MM-DD&to=YYYY-MM-DD&filter=team:chat,service:AmazonS3
//   GET  /api/v1/cost/unowned  ?from&to&filter: the lines that need an owner
//   GET  /api/v1/cost/export   ?format=csv|focus&from&to&filter (text/csv)
//   GET  /api/v1/cost/imports  the bill imports, newest first
//   POST /api/v1/cost/imports  ?name=FILE; the body is the bill (CSV, plain or gzip)
// Reads: sre and admin see every team's cost; everyone else the cost of the teams they belong
// to and the unowned cost (filtering on another team is 403). Imports: sre and admin; a broken
// line is 422 naming file, line and column, and nothing is stored. Everything must outlive the
// router.
std::vector<http::Route> CostRoutes(const CostDeps& deps);

}  // namespace paved::cost
