#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "audit/audit_log.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/caller.h"
#include "jobs/worker_pool.h"
#include "resources/resource_store.h"
#include "resources/saga.h"

namespace paved::resources {

// Whether team `owner_team_id` may take on a new resource of about `monthly_usd` a month
// (`what`: kind, name, project, environment, account), asked by `caller`.
using BudgetGate =
    std::function<absl::Status(const Caller& caller, const std::string& owner_team_id,
                               double monthly_usd, const nlohmann::json& what)>;

struct ResourceServiceDeps {
  store::Store* store = nullptr;
  ResourceStore* resources = nullptr;
  SagaRunner* runner = nullptr;
  catalog::ProjectStore* projects = nullptr;
  catalog::TeamStore* teams = nullptr;
  audit::AuditLog* audit = nullptr;
  jobs::WorkerPool* workers = nullptr;       // woken after a saga is enqueued; may be null
  ConnectionSecrets* connections = nullptr;  // a Redis's auth token; may be null in tests
  jobs::JobQueue* queue = nullptr;           // for the chat message; may be null in tests
  // OK when `environment` is one of the platform's; the error names the field otherwise.
  std::function<absl::Status(const std::string& environment)> require_environment;
  // The budget check of a creation: OK, or the error that refuses it (budget_exceeded, with the
  // budget request it made). Unset: no check.
  BudgetGate budget_gate;
};

struct CreateRequest {
  std::string kind;
  std::string name;
  std::string environment;
  std::string account;  // "" = the environment's only profile
  nlohmann::json spec = nlohmann::json::object();
  nlohmann::json overrides = nlohmann::json::object();
};

// A change of a ready resource: spec fields merged over its spec (null removes one) and
// platform settings to override, as on create.
struct UpdateRequest {
  nlohmann::json spec = nlohmann::json::object();
  nlohmann::json overrides = nlohmann::json::object();
};

// An existing cloud resource to bring under Paved (resource_import.cc): `id` is the
// provider's id of it (an ElastiCache replication group id, an S3 bucket name, a DynamoDB
// table name); a static site may name its CloudFront distribution too.
struct ImportRequest {
  std::string kind;
  std::string name;  // Paved's name for it
  std::string project;
  std::string environment;
  std::string account;  // "" = the environment's only profile
  std::string id;
  std::string distribution_id;
};

struct ListRequest {
  std::string team;     // slug
  std::string project;  // slug
  std::string kind;
  std::string environment;
  std::string status;
  std::string after_id;
  int limit = 100;
};

// What a developer can do with resources, with the permission rules and the audit log: a
// project's writers create, change and delete its resources; sre and admin set the standard
// (profiles) and lift deletion protection.
class ResourceService {
 public:
  explicit ResourceService(ResourceServiceDeps deps) : d_(std::move(deps)) {}

  // Validates everything before anything is stored, then stores the resource (creating),
  // enqueues its creation saga and audits it in one transaction. A Redis gets a new auth token,
  // stored with it; the answer carries it in `auth_token`, the only time it is shown.
  absl::StatusOr<Resource> Create(const Caller& caller, const std::string& project_slug,
                                  const CreateRequest& request);
  // Import: the project's writers bring in what exists at the provider of the (account,
  // environment)'s standard. The provider describes it (422 not_found naming `id` when it
  // does not exist; 409 already_managed when it carries a paved-resource-id tag or a live
  // resource journaled it), Paved derives spec and effective settings from what it found
  // (source `imported`), tags it as its own, and stores it `ready` with `outputs.imported`,
  // one journal entry per piece (saga `import`, event done, with its provider id) and the
  // audit event resource.import, in one transaction; tags added before a failed store are
  // taken off again. The local provider cannot import (422 import_unsupported).
  absl::StatusOr<Resource> Import(const Caller& caller, const ImportRequest& request);
  // Delete that keeps the cloud resource: an imported resource is forgotten (`deleted` at
  // once) after the provider took Paved's tags off its pieces. Same confirmation, permission
  // and deletion protection as Delete; 422 keep_unsupported for a resource Paved created.
  absl::StatusOr<Resource> Forget(const Caller& caller, const std::string& id,
                                  const std::string& confirm);
  // Resources with their project and owner team filled in.
  absl::StatusOr<std::vector<Resource>> List(const ListRequest& request);
  absl::StatusOr<Resource> Get(const std::string& id);
  // `confirm` must repeat the resource's name. Refused while a saga runs or while deletion
  // protection is on.
  absl::StatusOr<Resource> Delete(const Caller& caller, const std::string& id,
                                  const std::string& confirm);
  // Checks the new settings as a creation does (the standard, what may be overridden) and that
  // no field changes that the kind fixes at creation (a site's domain, a table's keys:
  // 422 immutable_field); stores them with the resource `updating` and enqueues the provider's
  // update, audited, in one transaction. Unchanged settings: the resource as it is.
  absl::StatusOr<Resource> Update(const Caller& caller, const std::string& id,
                                  const UpdateRequest& request);
  // The resource when `caller` may change it (a writer of its project, as for Update);
  // PermissionDenied otherwise.
  absl::StatusOr<Resource> GetWritable(const Caller& caller, const std::string& id);
  // Records a change made outside the saga (a static site's files) in the audit log.
  absl::Status Audit(const Caller& caller, const Resource& r, const std::string& action,
                     const nlohmann::json& details);
  absl::StatusOr<Resource> SetDeletionProtection(const Caller& caller, const std::string& id,
                                                 bool on, const std::string& reason);

  absl::StatusOr<Profile> PutProfile(const Caller& caller, Profile profile);
  absl::Status DeleteProfile(const Caller& caller, const std::string& account,
                             const std::string& environment);

  // Inside the transaction that records a saga's end: its audit event (actor "paved") and the
  // owner team's chat message.
  absl::Status RecordEnd(store::Tx& tx, const Resource& r, Status ended, const std::string& why);
  // Inside the transaction that ends an update: its audit event.
  absl::Status RecordUpdate(store::Tx& tx, const Resource& r, const std::string& failure);

 private:
  absl::StatusOr<Profile> ProfileFor(const std::string& environment, const std::string& account);
  absl::StatusOr<Resource> Fill(Resource r);
  // The checks a new resource's kind, name and environment pass, on create and import.
  absl::StatusOr<Kind> CheckNew(const std::string& kind, const std::string& name,
                                const std::string& environment);
  // On a change of an imported resource: the settings the import found (source imported) stay
  // in `effective` unless `spec` now sets them, and what the import left out (a size for a node
  // type none of the standard's) stays out; a size set now replaces the imported node type.
  static void KeepImportedSettings(const Resource& r, const nlohmann::json& spec,
                                   nlohmann::json& effective);
  // A resource of `project` in the profile's (account, environment), `creating`, with
  // deletion protection in production and no settings yet.
  static Resource NewResource(const Caller& caller, const catalog::Project& project, Kind kind,
                              const std::string& name, const Profile& profile);
  // Why `r` cannot be deleted now (busy, protected, confirmation); OK when it can.
  absl::Status CheckDeletable(const Resource& r, const std::string& confirm);
  // 409 already_managed when a live resource journaled one of `pieces` (checked before the
  // provider tags them, and again inside StoreImport's transaction).
  absl::Status CheckNotInPaved(store::Tx& tx, const Resource& r,
                               const std::vector<ImportedPiece>& pieces);
  // The imported resource, its journal and its audit event, in one transaction.
  absl::Status StoreImport(const Caller& caller, const Resource& r, const ImportRequest& req,
                           const std::vector<ImportedPiece>& pieces);
  absl::StatusOr<catalog::Project> WritableProject(const Caller& caller,
                                                   const std::string& project_id);

  ResourceServiceDeps d_;
};

}  // namespace paved::resources
