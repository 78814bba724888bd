#pragma once

#include <string>

#include "audit/audit_log.h"
#include "catalog/cloud_resources.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/clock.h"
#include "http/client.h"
#include "http/router.h"
#include "store/store.h"

namespace paved::catalog::backstage {

struct BackstageDeps {
  store::Store* store;
  catalog::TeamStore* teams;
  catalog::ProjectStore* projects;
  catalog::CloudResourceStore* resources;
  audit::AuditLog* audit;
  std::string hr_id_annotation;         // Group annotation holding the HR id; "" = paved.dev/hr-id
  http::Client* http_client = nullptr;  // for http(s) import URLs; a curl client when null
  const Clock* clock = nullptr;         // SystemClock when null
};

// POST /api/v1/catalog/import, GET /api/v1/catalog/export, GET /api/v1/catalog/entities and
// GET /api/v1/projects/{slug}/catalog-info.yaml (see docs/catalog.md).
std::vector<http::Route> BackstageRoutes(const BackstageDeps& deps);

}  // namespace paved::catalog::backstage
