#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/clock.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::catalog {

// Records that `p` moves from its current owner to `to` (table ownership_changes). The caller
// then updates the project itself, in the same transaction.
absl::Status RecordOwnershipChange(store::Tx& tx, const Project& p, const Team& to,
                                   const std::string& actor, const std::string& reason,
                                   int64_t now_ms);

struct OwnershipChange {
  std::string from_team;  // slug; "" when unknown
  std::string to_team;
  std::string actor;
  std::string reason;
  int64_t time_ms = 0;
};
nlohmann::json OwnershipChangeToJson(const OwnershipChange& c);
// Newest first.
absl::StatusOr<std::vector<OwnershipChange>> OwnershipHistory(store::Store& store,
                                                              const std::string& project_id);
// The histories of many projects (newest first each), keyed by project id; a project without
// changes is left out.
absl::StatusOr<std::map<std::string, std::vector<OwnershipChange>>> OwnershipHistories(
    store::Store& store, const std::vector<std::string>& project_ids);

// The answer to "who owns this?" — what alerts, cost and every other part ask the catalog.
struct OwnerInfo {
  std::string team;  // slug
  std::string team_name;
  std::string team_status;  // active | dissolved
  std::string chat_channel;
  std::string oncall;                  // the project's on-call when set, else the team's
  std::string lead_login, lead_email;  // "" when the team has no lead
  std::string project;                 // slug, "" for a resource without a project
};
nlohmann::json OwnerInfoToJson(const OwnerInfo& o);

// Owner lookups; each is at most three indexed queries.
class OwnerLookup {
 public:
  explicit OwnerLookup(store::Store* store) : store_(store) {}

  // The project running in namespace `ns` on `cluster`: an explicit mapping for that cluster,
  // then one for every cluster (""), then the project whose slug is `ns`.
  absl::StatusOr<std::optional<OwnerInfo>> ByNamespace(const std::string& ns,
                                                       const std::string& cluster);
  absl::StatusOr<std::optional<OwnerInfo>> ByProject(const std::string& slug);
  absl::StatusOr<std::optional<OwnerInfo>> ByResource(const std::string& id);
  // ByResource's team and project for many ids, keyed by id; ids that are no cloud resource, or
  // one without an owner, are left out.
  struct ResourceOwner {
    std::string team;     // slug
    std::string project;  // slug, "" when the resource names no project
  };
  absl::StatusOr<std::map<std::string, ResourceOwner>> ResourceOwners(
      const std::vector<std::string>& ids);

 private:
  absl::StatusOr<std::optional<OwnerInfo>> FromProjectRows(const store::ResultSet& rs);
  absl::Status FillTeam(const std::string& team_id, OwnerInfo& info);
  store::Store* store_;
};

// Projects and cloud resources whose owner is missing or dissolved, oldest first.
struct Orphan {
  std::string kind;  // project | resource
  std::string id;    // project slug or resource id
  std::string name;
  std::string reason;
  int64_t since_ms = 0;
  std::string last_owner;  // team slug, "" when there never was one
};
nlohmann::json OrphanToJson(const Orphan& o);
absl::StatusOr<std::vector<Orphan>> ListOrphans(store::Store& store, int limit);

}  // namespace paved::catalog
