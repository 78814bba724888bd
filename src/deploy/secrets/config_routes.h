#pragma once

#include "audit/audit_log.h"
#include "catalog/projects.h"
#include "core/clock.h"
#include "deploy/secrets/key_ring.h"
#include "http/router.h"
#include "store/store.h"

namespace paved::deploy {

struct ConfigDeps {
  store::Store* store;
  catalog::ProjectStore* projects;
  audit::AuditLog* audit;
  KeyRing* keys;  // encrypts secret values; outlives the router
  const Clock* clock;
};

// Config sets and secrets of a project, per environment:
//   PUT/GET /api/v1/projects/{slug}/config/{env}/{set}   (?version=), .../history, .../diff
//   GET     /api/v1/projects/{slug}/config/{env}         sets of one environment
//   PUT     /api/v1/projects/{slug}/secrets/{env}/{name}  write-only: answers the version
//   GET     /api/v1/projects/{slug}/secrets/{env}        names, latest version, who, when
//   GET     /api/v1/projects/{slug}/secrets/{env}/{name}/history
// Writers: the owner team's developers, sre, admin; every signed-in user reads config and
// secret metadata. No route returns a secret value; audit events carry key names only.
void RegisterConfigRoutes(http::Router& router, const ConfigDeps& deps);

}  // namespace paved::deploy
