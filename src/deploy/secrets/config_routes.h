#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "catalog/projects.h"
#include "core/clock.h"
#include "deploy/platform/platform_store.h"
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
  // The environments config and secrets may be written to and read from (unknown ones: 422
  // unknown_environment); null only in tests that do not care.
  platform::PlatformStore* platform = nullptr;
  // Notes for the writer of config `data` of (project_id, environment, set), e.g. spec env
  // entries the set now replaces; answered as "warnings". Unset: none.
  std::function<absl::StatusOr<std::vector<std::string>>(
      const std::string& project_id, const std::string& environment, const std::string& set,
      const std::map<std::string, std::string>& data)>
      write_warnings;
};

// Config sets and secrets of a project, per environment:
//   PUT/GET /api/v1/projects/{slug}/config/{env}/{set}   (?version=), .../history, .../diff
//   GET     /api/v1/projects/{slug}/config/{env}         sets of one environment
//   PUT     /api/v1/projects/{slug}/secrets/{env}/{name}  write-only: answers the version
//   GET     /api/v1/projects/{slug}/secrets/{env}        names, latest version, who, when
//   GET     /api/v1/projects/{slug}/secrets/{env}/{name}/history
// Writers: the owner team's developers, sre, admin; every signed-in user reads config and
// secret metadata. No route returns a secret value; audit events carry key names only.
std::vector<http::Route> ConfigRoutes(const ConfigDeps& deps);

}  // namespace paved::deploy
