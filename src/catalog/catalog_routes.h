#pragma once

#include "audit/audit_log.h"
#include "auth/users.h"
#include "catalog/ownership.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "http/router.h"

namespace paved::catalog {

struct CatalogDeps {
  store::Store* store;
  const Clock* clock;
  TeamStore* teams;
  ProjectStore* projects;
  auth::UserStore* users;
  audit::AuditLog* audit;
  OwnerLookup* owners;
};

// /api/v1/teams/** and /api/v1/projects/**.
std::vector<http::Route> TeamRoutes(const CatalogDeps& deps);
std::vector<http::Route> ProjectRoutes(const CatalogDeps& deps);
// Transfer, ownership history, relations, orphans, owner lookup, scorecards.
std::vector<http::Route> OwnershipRoutes(const CatalogDeps& deps);

}  // namespace paved::catalog
