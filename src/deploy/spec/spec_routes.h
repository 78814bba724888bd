#pragma once

#include <functional>

#include "audit/audit_log.h"
#include "catalog/projects.h"
#include "core/clock.h"
#include "deploy/spec/spec_parser.h"
#include "http/router.h"
#include "store/store.h"

namespace paved::deploy::spec {

struct SpecDeps {
  store::Store* store;
  catalog::ProjectStore* projects;
  audit::AuditLog* audit;
  const Clock* clock;
  // The platform's environments and clusters, which a pushed or validated spec may name; unset:
  // names are not checked.
  std::function<absl::StatusOr<SpecTargets>()> targets;
  // Notes for the pusher about a valid spec of `project_id` (e.g. env entries a config set
  // replaces), answered as "warnings"; unset: none.
  std::function<absl::StatusOr<std::vector<std::string>>(const std::string& project_id,
                                                         const AppSpec& spec)>
      warnings;
};

// The app spec of a project, versioned:
//   PUT  /api/v1/projects/{slug}/spec            raw YAML (application/yaml, text/yaml,
//                                                text/plain) or JSON {"yaml","message"};
//                                                ?message=. 201 new version, 200 identical to
//                                                the latest, 422 invalid_spec with every error
//   GET  /api/v1/projects/{slug}/spec            latest, or ?version=
//   GET  /api/v1/projects/{slug}/spec/versions   paged (limit, cursor), newest first
//   GET  /api/v1/projects/{slug}/spec/diff       ?from=&to= line diff
//   POST /api/v1/spec/validate                   validation only, nothing stored
// Writers: the owner team's developers, sre, admin; every signed-in user reads. A push writes
// the audit event "spec.push" on "project:<slug>" in the same transaction.
std::vector<http::Route> SpecRoutes(const SpecDeps& deps);

}  // namespace paved::deploy::spec
