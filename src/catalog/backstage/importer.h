#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "audit/audit_log.h"
#include "catalog/backstage/entity.h"
#include "catalog/cloud_resources.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/caller.h"
#include "core/clock.h"
#include "store/store.h"

namespace paved::catalog::backstage {

struct ImportDeps {
  store::Store* store;
  TeamStore* teams;
  ProjectStore* projects;
  CloudResourceStore* resources;
  audit::AuditLog* audit;
  const Clock* clock;
  std::string hr_id_annotation = "paved.dev/hr-id";  // also accepted: paved.dev/hr-id
};

struct ImportOptions {
  std::string location = "inline";
  std::string actor = "system";
  const Caller* caller = nullptr;  // null: the system, no permission checks
  bool dry_run = false;
};

// What an import did (or, on a dry run or with errors, would do). Refs are
// "kind:namespace/name".
struct ImportResult {
  std::string location;
  std::vector<std::string> created, updated, unchanged, orphaned;
  std::vector<CatalogError> errors;
  // Per document, what was left out without failing the import: Group members naming no user
  // of Paved, members of a team the HR sync owns.
  std::vector<CatalogError> warnings;
  // {"location","created","updated","unchanged","orphaned","errors","warnings"}
  nlohmann::json ToJson() const;
};

// Writes Backstage entities into Paved: Groups → teams, Components → projects, Resources →
// cloud resources, every entity verbatim into catalog_entities with its relations (both
// directions). Entities the location held before and no longer lists are marked orphaned.
//
// A Group's spec.members (user refs; the name is a Paved login) become team members, recorded
// with source "backstage"; a member naming no Paved user is a warning of that document. On a
// later import, members the Group no longer lists are removed only when an import added them:
// members added by hand (source "paved") or by the HR sync ("hr") stay. Teams the HR sync owns
// (source "hr") keep their members; listing any is a warning.
//
// Creating or changing a team (members included) is for sre and admin: for anyone else each
// such Group is one error of its document (so a developer's dry run shows every other document's
// outcome), not a refusal of the whole file.
class Importer {
 public:
  explicit Importer(ImportDeps deps) : d_(std::move(deps)) {}

  // All or nothing, in one transaction with its audit events. On success returns the result;
  // when the entities are invalid (or refer to unknown owners) the result holds `errors` and
  // nothing was written. A dry run writes nothing either but answers exactly as the real
  // import would. PermissionDenied when `options.caller` may not make a change; other errors
  // come from the store.
  absl::StatusOr<ImportResult> Import(std::vector<Entity> entities, const ImportOptions& options);

 private:
  ImportDeps d_;
};

}  // namespace paved::catalog::backstage
