// The cost domain wired into the App: the `cost:` block, the cost store and the cost API, with
// Paved's own resources as owners of the bill lines they made.
#include "catalog/project_refs.h"
#include "core/status_macros.h"
#include "cost/cost_routes.h"
#include "server/app.h"

namespace paved::server {

cost::PavedResourceLookup App::PavedResourceOwners() {
  // Read when called: budgets are installed before the resources domain they look into.
  return [this](const std::vector<std::pair<std::string, std::string>>& account_and_ids)
             -> absl::StatusOr<std::map<std::string, std::string>> {
    std::map<std::string, std::string> slugs;
    resources::ResourceStore* store = resources_domain_.store.get();
    if (store == nullptr) return slugs;
    ASSIGN_OR_RETURN(auto project_ids, store->ProjectIdsOfBillResources(account_and_ids));
    std::vector<std::string> ids;
    for (const auto& [resource, project] : project_ids) ids.push_back(project);
    ASSIGN_OR_RETURN(auto refs, catalog::ProjectRefs(store->db(), ids));
    for (const auto& [resource, project] : project_ids) {
      if (auto it = refs.find(project); it != refs.end()) slugs[resource] = it->second.slug;
    }
    return slugs;
  };
}

absl::Status App::AddCostRoutes() {
  costs_ = std::make_unique<cost::CostStore>(store_.get());
  router_.Add(cost::CostRoutes(
      {.store = store_.get(),
       .clock = clock_,
       .audit = audit_.get(),
       .costs = costs_.get(),
       .keys = {.team = config_.cost.team_tag_keys, .project = config_.cost.project_tag_keys},
       .data_dir = config_.data_dir,
       .paved_resources = PavedResourceOwners()}));
  return absl::OkStatus();
}

}  // namespace paved::server
