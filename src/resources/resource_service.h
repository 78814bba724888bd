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
  absl::StatusOr<catalog::Project> WritableProject(const Caller& caller,
                                                   const std::string& project_id);

  ResourceServiceDeps d_;
};

}  // namespace paved::resources
