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
void RegisterTeamRoutes(http::Router& router, const CatalogDeps& deps);
void RegisterProjectRoutes(http::Router& router, const CatalogDeps& deps);
// Transfer, ownership history, relations, orphans, owner lookup, scorecards.
void RegisterOwnershipRoutes(http::Router& router, const CatalogDeps& deps);

}  // namespace paved::catalog
