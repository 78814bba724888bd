#include "cost/owners.h"

#include "absl/time/time.h"
#include "catalog/project_refs.h"
#include "catalog/teams.h"
#include "core/status_macros.h"

namespace paved::cost {

struct OwnerResolver::ProjectHistory {
  bool exists = false;
  std::string current;  // owner team slug now
  struct Change {
    int64_t time_ms;
    std::string from, to;  // team slugs; from "" when unknown
  };
  std::vector<Change> changes;  // oldest first

  // The owner at `t`: the first later change's former owner, else the owner now.
  std::string OwnerAt(int64_t t) const {
    for (const Change& c : changes) {
      if (c.time_ms > t) return c.from.empty() ? c.to : c.from;
    }
    return current;
  }
};

std::optional<int64_t> DayStartMs(const std::string& day) {
  absl::Time t;
  std::string error;
  if (day.size() != 10 || !absl::ParseTime("%Y-%m-%d", day, absl::UTCTimeZone(), &t, &error)) {
    return std::nullopt;
  }
  return absl::ToUnixMillis(t);
}

OwnerResolver::OwnerResolver(store::Store* store, PavedResourceLookup paved_resources)
    : store_(store), paved_resources_(std::move(paved_resources)), lookup_(store) {}

OwnerResolver::~OwnerResolver() = default;

// One key at a time goes through the same reads as many (Prefetch), so both answer alike.
absl::StatusOr<std::optional<OwnerResolver::TeamRef>> OwnerResolver::TeamBySlug(
    const std::string& slug) {
  RETURN_IF_ERROR(LoadTeams());
  auto it = teams_by_slug_.find(slug);
  if (it == teams_by_slug_.end()) return std::nullopt;
  return it->second;
}

absl::StatusOr<std::optional<OwnerResolver::TeamRef>> OwnerResolver::TeamById(
    const std::string& id) {
  RETURN_IF_ERROR(LoadTeams());
  auto it = teams_by_id_.find(id);
  if (it == teams_by_id_.end()) return std::nullopt;
  return it->second;
}

absl::StatusOr<const OwnerResolver::ProjectHistory*> OwnerResolver::History(
    const std::string& slug) {
  if (!projects_.count(slug)) RETURN_IF_ERROR(PrefetchProjects({slug}));
  return projects_.at(slug).get();
}

absl::Status OwnerResolver::Prefetch(
    const std::set<std::string>& project_slugs,
    const std::set<std::pair<std::string, std::string>>& account_and_ids) {
  RETURN_IF_ERROR(LoadTeams());
  RETURN_IF_ERROR(PrefetchResources(account_and_ids));
  std::set<std::string> slugs = project_slugs;
  for (const auto& [account, id] : account_and_ids) {
    auto it = resources_.find(id);
    if (it != resources_.end() && !it->second.second.empty()) slugs.insert(it->second.second);
  }
  return PrefetchProjects(slugs);
}

absl::Status OwnerResolver::LoadTeams() {
  if (teams_loaded_) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto slugs, catalog::TeamStore::AllSlugs(*store_));
  for (const auto& [id, slug] : slugs) {
    TeamRef ref{id, slug};
    teams_by_slug_[slug] = ref;
    teams_by_id_[id] = ref;
  }
  teams_loaded_ = true;
  return absl::OkStatus();
}

// The catalog's cloud resources (the resource's team, else its project's owner), then Paved's
// resources for the rest in one call.
absl::Status OwnerResolver::PrefetchResources(
    const std::set<std::pair<std::string, std::string>>& wanted) {
  std::vector<std::string> unknown;
  for (const auto& [account, id] : wanted) {
    if (resources_.count(id)) continue;
    if (id.empty()) {
      resources_[id] = {};  // no resource: nothing to read
    } else {
      unknown.push_back(id);
    }
  }
  if (unknown.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto in_catalog, lookup_.ResourceOwners(unknown));
  for (auto& [id, owner] : in_catalog) resources_[id] = {owner.team, owner.project};
  std::vector<std::pair<std::string, std::string>> rest;
  for (const auto& [account, id] : wanted) {
    if (!resources_.count(id)) rest.emplace_back(account, id);
  }
  std::map<std::string, std::string> paved;
  if (paved_resources_ && !rest.empty()) {
    ASSIGN_OR_RETURN(paved, paved_resources_(rest));
  }
  for (const auto& [account, id] : rest) {
    auto it = paved.find(id);
    resources_[id] = {"", it == paved.end() ? "" : it->second};
  }
  return absl::OkStatus();
}

absl::Status OwnerResolver::PrefetchProjects(const std::set<std::string>& slugs) {
  std::vector<std::string> unknown;
  for (const std::string& slug : slugs) {
    if (!projects_.count(slug)) unknown.push_back(slug);
  }
  if (unknown.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto refs, catalog::ProjectRefsBySlug(*store_, unknown));
  std::vector<std::string> ids;
  for (const auto& [slug, ref] : refs) ids.push_back(ref.id);
  ASSIGN_OR_RETURN(auto histories, catalog::OwnershipHistories(*store_, ids));
  for (const std::string& slug : unknown) {
    auto history = std::make_unique<ProjectHistory>();
    if (auto ref = refs.find(slug); ref != refs.end()) {
      history->exists = true;
      history->current = ref->second.owner_team;
      auto changes = histories.find(ref->second.id);
      if (changes != histories.end()) {
        // Newest first from the catalog; oldest first here.
        for (auto it = changes->second.rbegin(); it != changes->second.rend(); ++it) {
          history->changes.push_back({it->time_ms, it->from_team, it->to_team});
        }
      }
    }
    projects_[slug] = std::move(history);
  }
  return absl::OkStatus();
}

absl::StatusOr<Owner> OwnerResolver::OfProject(const std::string& slug, const std::string& day) {
  ASSIGN_OR_RETURN(const ProjectHistory* history, History(slug));
  if (!history->exists) return Owner{};
  std::string team = history->OwnerAt(DayStartMs(day).value_or(0));
  ASSIGN_OR_RETURN(std::optional<TeamRef> ref, TeamBySlug(team));
  if (!ref) return Owner{.project = slug};
  return Owner{.team = ref->slug, .team_id = ref->id, .project = slug, .via = "project_tag"};
}

absl::StatusOr<Owner> OwnerResolver::OfBillRow(const std::string& day, const std::string& account,
                                               const std::string& team_tag,
                                               const std::string& project_tag,
                                               const std::string& resource_id) {
  if (!project_tag.empty()) {
    ASSIGN_OR_RETURN(Owner owner, OfProject(project_tag, day));
    if (!owner.team.empty()) return owner;
  }
  if (!team_tag.empty()) {
    ASSIGN_OR_RETURN(std::optional<TeamRef> ref, TeamBySlug(team_tag));
    if (ref) return Owner{.team = ref->slug, .team_id = ref->id, .via = "team_tag"};
  }
  if (resource_id.empty()) return Owner{};
  return OfResource(day, account, resource_id);
}

absl::StatusOr<const std::pair<std::string, std::string>*> OwnerResolver::ResourceRef(
    const std::string& account, const std::string& resource_id) {
  if (!resources_.count(resource_id)) RETURN_IF_ERROR(PrefetchResources({{account, resource_id}}));
  return &resources_.at(resource_id);
}

absl::StatusOr<bool> OwnerResolver::ProjectSteady(const std::string& slug,
                                                  const std::string& first_day,
                                                  const std::string& last_day) {
  ASSIGN_OR_RETURN(const ProjectHistory* history, History(slug));
  const int64_t from = DayStartMs(first_day).value_or(0);
  const int64_t to = DayStartMs(last_day).value_or(0);
  for (const ProjectHistory::Change& c : history->changes) {
    if (c.time_ms > from && c.time_ms <= to) return false;
  }
  return true;
}

absl::StatusOr<bool> OwnerResolver::SteadyOver(const std::string& first_day,
                                               const std::string& last_day,
                                               const std::string& account,
                                               const std::string& project_tag,
                                               const std::string& resource_id) {
  if (!project_tag.empty()) {
    ASSIGN_OR_RETURN(bool steady, ProjectSteady(project_tag, first_day, last_day));
    if (!steady) return false;
  }
  if (resource_id.empty()) return true;
  ASSIGN_OR_RETURN(const auto* ref, ResourceRef(account, resource_id));
  if (ref->second.empty()) return true;
  return ProjectSteady(ref->second, first_day, last_day);
}

absl::StatusOr<Owner> OwnerResolver::OfResource(const std::string& day, const std::string& account,
                                                const std::string& resource_id) {
  ASSIGN_OR_RETURN(const auto* found, ResourceRef(account, resource_id));
  const auto& [team, project] = *found;
  if (!project.empty()) {
    ASSIGN_OR_RETURN(Owner owner, OfProject(project, day));
    if (!owner.team.empty()) {
      owner.via = team.empty() ? "paved_resource" : "cloud_resource";
      return owner;
    }
  }
  if (team.empty()) return Owner{};
  ASSIGN_OR_RETURN(std::optional<TeamRef> ref, TeamBySlug(team));
  if (!ref) return Owner{};
  return Owner{.team = ref->slug, .team_id = ref->id, .project = project, .via = "cloud_resource"};
}

absl::StatusOr<Owner> OwnerResolver::OfAllocation(const std::string& day,
                                                  const std::string& cluster, const std::string& ns,
                                                  const std::string& team_id) {
  if (!team_id.empty()) {
    ASSIGN_OR_RETURN(std::optional<TeamRef> ref, TeamById(team_id));
    if (ref) return Owner{.team = ref->slug, .team_id = ref->id, .via = "allocation_team"};
  }
  if (ns.empty()) return Owner{};
  const std::string key = cluster + "/" + ns;
  auto it = namespaces_.find(key);
  if (it == namespaces_.end()) {
    ASSIGN_OR_RETURN(std::optional<catalog::OwnerInfo> info, lookup_.ByNamespace(ns, cluster));
    std::optional<std::string> project;
    if (info && !info->project.empty()) project = info->project;
    it = namespaces_.emplace(key, project).first;
  }
  if (!it->second) return Owner{};
  ASSIGN_OR_RETURN(Owner owner, OfProject(*it->second, day));
  if (!owner.team.empty()) owner.via = "namespace";
  return owner;
}

}  // namespace paved::cost
