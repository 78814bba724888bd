// The cost domain wired into the App: the `cost:` block, the cost store and the cost API, with
// Paved's own resources as owners of the bill lines they made.
#include "core/status_macros.h"
#include "cost/cost_routes.h"
#include "server/app.h"

namespace paved::server {
namespace {

// An ARN's last segment (".../replicationgroup:paved-chat" → "paved-chat"); the id otherwise.
std::string LastSegment(const std::string& id) {
  size_t at = id.find_last_of(":/");
  return at == std::string::npos ? id : id.substr(at + 1);
}

}  // namespace

cost::PavedResourceLookup App::PavedResourceOwners() {
  // Read when called: budgets are installed before the resources domain they look into.
  return [this](const std::string& account,
                const std::string& id) -> absl::StatusOr<std::optional<std::string>> {
    resources::ResourceStore* store = resources_domain_.store.get();
    if (store == nullptr) return std::nullopt;
    ASSIGN_OR_RETURN(std::optional<resources::Resource> found, store->Get(id));
    if (!found) {
      std::optional<std::string> owner_id;
      RETURN_IF_ERROR(store->db().Transaction([&](store::Tx& tx) -> absl::Status {
        ASSIGN_OR_RETURN(owner_id, store->LiveOwnerOfPiece(tx, account, LastSegment(id)));
        return absl::OkStatus();
      }));
      if (!owner_id) return std::nullopt;
      ASSIGN_OR_RETURN(found, store->Get(*owner_id));
      if (!found) return std::nullopt;
    }
    std::vector<resources::Resource> one = {std::move(*found)};
    RETURN_IF_ERROR(store->FillProjects(one));
    if (one[0].project.empty()) return std::nullopt;
    return std::optional<std::string>(one[0].project);
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
