#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/ownership.h"
#include "store/store.h"

namespace paved::cost {

// Who a cost belongs to. `team` "" is unowned: such cost is always shown, never dropped.
struct Owner {
  std::string team;     // team slug (a dissolved team keeps its past cost)
  std::string team_id;  // "" when unowned
  std::string project;  // project slug, "" when not known
  // How the owner was found: team_tag | project_tag | cloud_resource | paved_resource |
  // namespace | allocation_team | none.
  std::string via = "none";
};

// The Paved-created resources (src/resources) among bill resource ids, given with their
// accounts: the slug of each one's project, by Paved id or by a piece its creation made (an ARN's
// last segment). Ids of none of Paved's are left out. The server wires it; tests may leave it
// empty.
using PavedResourceLookup = std::function<absl::StatusOr<std::map<std::string, std::string>>(
    const std::vector<std::pair<std::string, std::string>>& account_and_ids)>;

// Names the owner of cost rows at the time of the cost, from the catalog. Resolved at query
// time (the daily rollups are small), so a catalog change shows at once, past days included.
// A project's owner on a day is its owner at that day's start (00:00 UTC): a transfer in the
// middle of a month splits the month by day. Caches what it read: make one per request.
class OwnerResolver {
 public:
  explicit OwnerResolver(store::Store* store, PavedResourceLookup paved_resources = nullptr);
  ~OwnerResolver();

  // A bill row (cost_daily): the project tag naming a catalog project (that project's owner on
  // `day`), else the team tag naming a team, else `resource_id` as a catalog cloud resource or
  // a Paved resource, else unowned.
  absl::StatusOr<Owner> OfBillRow(const std::string& day, const std::string& account,
                                  const std::string& team_tag, const std::string& project_tag,
                                  const std::string& resource_id);
  // A Kubernetes allocation row: `team_id` when set, else namespace → project (through the
  // catalog's namespace mappings) → that project's owner on `day`.
  absl::StatusOr<Owner> OfAllocation(const std::string& day, const std::string& cluster,
                                     const std::string& ns, const std::string& team_id);
  // True when OfBillRow names the same owner for the row on every day of [first_day, last_day]:
  // no project it may consult (by tag, or as its resource's project) changed owner in between.
  absl::StatusOr<bool> SteadyOver(const std::string& first_day, const std::string& last_day,
                                  const std::string& account, const std::string& project_tag,
                                  const std::string& resource_id);
  // Reads what the calls above will need about these project tags and resource ids in a few
  // statements (chunks of keys) instead of a few per key; a view over thousands of keys calls it
  // first. What is already known is not read again.
  absl::Status Prefetch(const std::set<std::string>& project_slugs,
                        const std::set<std::pair<std::string, std::string>>& account_and_ids);
  // The owner of project `slug` on `day`; unowned when there is no such project.
  absl::StatusOr<Owner> OfProject(const std::string& slug, const std::string& day);

 private:
  struct ProjectHistory;
  struct TeamRef {
    std::string id, slug;
  };
  absl::StatusOr<std::optional<TeamRef>> TeamBySlug(const std::string& slug);
  absl::StatusOr<std::optional<TeamRef>> TeamById(const std::string& id);
  absl::StatusOr<const ProjectHistory*> History(const std::string& slug);
  absl::StatusOr<Owner> OfResource(const std::string& day, const std::string& account,
                                   const std::string& resource_id);
  // (team slug from the catalog or "", project slug or "") of a resource id.
  absl::StatusOr<const std::pair<std::string, std::string>*> ResourceRef(
      const std::string& account, const std::string& resource_id);
  absl::Status LoadTeams();
  absl::Status PrefetchResources(const std::set<std::pair<std::string, std::string>>& wanted);
  absl::Status PrefetchProjects(const std::set<std::string>& slugs);
  absl::StatusOr<bool> ProjectSteady(const std::string& slug, const std::string& first_day,
                                     const std::string& last_day);

  store::Store* store_;
  PavedResourceLookup paved_resources_;
  catalog::OwnerLookup lookup_;
  std::map<std::string, TeamRef> teams_by_slug_, teams_by_id_;  // every team, once loaded
  bool teams_loaded_ = false;
  std::map<std::string, std::unique_ptr<ProjectHistory>> projects_;
  // resource id → (team slug from the catalog or "", project slug or "")
  std::map<std::string, std::pair<std::string, std::string>> resources_;
  std::map<std::string, std::optional<std::string>> namespaces_;  // cluster/ns → project slug
};

// Milliseconds since the epoch of `day`'s 00:00 UTC; nullopt unless `day` is YYYY-MM-DD.
std::optional<int64_t> DayStartMs(const std::string& day);

}  // namespace paved::cost
