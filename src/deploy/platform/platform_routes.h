#pragma once

#include "audit/audit_log.h"
#include "catalog/projects.h"
#include "core/clock.h"
#include "deploy/platform/credentials_reference.h"
#include "deploy/policy/policy_config.h"
#include "http/router.h"
#include "store/store.h"

namespace paved::deploy::platform {

struct PlatformDeps {
  store::Store* store;
  catalog::ProjectStore* projects;
  audit::AuditLog* audit;
  const Clock* clock;
  const policy::PolicyConfig* policy;  // effective rule severities; nullptr = the defaults
  CredentialsPolicy credentials;       // which credentials references clusters may use
};

// Platform configuration and the unpaved road (all under /api/v1; every pointer in `deps` must
// outlive the router):
//   GET    /environments, PUT/DELETE /environments/{name}        writes: sre, admin
//   GET    /clusters, GET/PUT/DELETE /clusters/{name}            writes: sre, admin
//   GET/PUT /projects/{slug}/targets                             writes: the project's writers
//   GET/POST /projects/{slug}/policy/exceptions, DELETE .../{id} writes: sre, admin (approver)
//   GET    /policy/rules                                        every rule, effective severity
// PUT on an existing environment or cluster changes only the fields given; creating one needs
// the required fields. Cluster `credentials` is a reference (CheckCredentialsReference under
// deps.credentials, else 422 naming the field), never the secret itself, and only admins see it
// (auth::CanSeeClusterCredentials). Setting a cluster's endpoint or credentials to anything
// but what it holds is admin only (auth::CanChangeClusterCredentials, else 403); the audit event
// says whether either changed. Deleting what is in use answers 409. Every change is one
// transaction with its audit event; refused requests leave no event.
std::vector<http::Route> PlatformRoutes(const PlatformDeps& deps);

}  // namespace paved::deploy::platform
