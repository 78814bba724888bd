#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "nlohmann/json.hpp"
#include "resources/profiles.h"
#include "resources/resource.h"
#include "store/store.h"

namespace paved::resources {

// One line of a resource's journal (table `resource_journal`): what a saga was about to do or
// did, in order; an imported resource's pieces are `import` entries (event done). `event` is
// started | done | waiting | retry | failed | undo-started | undone | undo-failed; `provider_id` is
// what the step created (e.g. a replication group id), recorded with `done` so an undo or a delete
// knows what to remove.
struct JournalEntry {
  int64_t seq = 0;
  std::string saga;  // create | import | update | delete | forget
  std::string step;
  std::string event;
  std::string provider_id;
  std::string idempotency_key;
  std::string detail;
  int64_t at_ms = 0;
};
nlohmann::json JournalEntryToJson(const JournalEntry& e);

struct ResourceQuery {
  std::vector<std::string> project_ids;  // empty: every project
  std::string kind;
  std::string environment;
  std::string status;
  bool include_deleted = false;
  std::string after_id;  // cursor: the last id of the previous page
  int limit = 100;
};

// Tables `resources`, `resource_journal` and `resource_profiles`. `project` and `owner_team`
// of a Resource are left empty: the catalog fills them (resources only keep the project id).
class ResourceStore {
 public:
  ResourceStore(store::Store* store, const Clock* clock) : store_(store), clock_(clock) {}

  store::Store& db() { return *store_; }

  // AlreadyExists "resource_exists" when the project already has a live resource of that name
  // in that environment.
  absl::Status Insert(store::Tx& tx, const Resource& r);
  absl::StatusOr<std::optional<Resource>> Get(const std::string& id);
  absl::StatusOr<std::optional<Resource>> GetTx(store::Tx& tx, const std::string& id,
                                                bool for_update = false);
  // The live (not deleted) resource of that name.
  absl::StatusOr<std::optional<Resource>> FindByName(const std::string& project_id,
                                                     const std::string& environment,
                                                     const std::string& name);
  absl::StatusOr<std::vector<Resource>> List(const ResourceQuery& q);
  // Sets `project` and `owner_team` of each resource from the catalog, in one read; a resource
  // whose project is gone keeps them empty.
  absl::Status FillProjects(std::vector<Resource>& resources);
  absl::Status SetStatus(store::Tx& tx, const std::string& id, Status status,
                         const std::string& detail);
  absl::Status SetOutputs(store::Tx& tx, const std::string& id, const nlohmann::json& outputs);
  absl::Status SetDeletionProtection(store::Tx& tx, const std::string& id, bool on);
  absl::Status SetSpec(store::Tx& tx, const std::string& id, const nlohmann::json& spec,
                       const nlohmann::json& effective);

  absl::Status Append(store::Tx& tx, const std::string& resource_id, const JournalEntry& e);
  // The live resource of `account` whose creation or import journaled the piece
  // `provider_id` as done; nullopt when there is none.
  absl::StatusOr<std::optional<std::string>> LiveOwnerOfPiece(store::Tx& tx,
                                                              const std::string& account,
                                                              const std::string& provider_id);
  // The project id of each Paved resource that bill lines name by (account, resource id): by
  // Paved id, else by a piece (an ARN's last segment) that a live resource of that account
  // journaled as created or imported. Keyed by the bill's resource id; ids of none of Paved's
  // resources are left out. Two reads whatever the number of ids (a cost view asks for
  // thousands).
  absl::StatusOr<std::map<std::string, std::string>> ProjectIdsOfBillResources(
      const std::vector<std::pair<std::string, std::string>>& account_and_ids);
  absl::StatusOr<std::vector<JournalEntry>> Journal(const std::string& resource_id);
  absl::StatusOr<std::vector<JournalEntry>> JournalTx(store::Tx& tx,
                                                      const std::string& resource_id);

  absl::Status PutProfile(store::Tx& tx, const Profile& p);
  absl::StatusOr<std::vector<Profile>> Profiles();
  absl::StatusOr<std::optional<Profile>> FindProfile(const std::string& account,
                                                     const std::string& environment);
  absl::StatusOr<bool> DeleteProfile(store::Tx& tx, const std::string& account,
                                     const std::string& environment);

 private:
  store::Store* store_;
  const Clock* clock_;
};

}  // namespace paved::resources
