#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "cost/money.h"
#include "cost/owners.h"
#include "store/store.h"

namespace paved::cost {

// A team's spend in a month (effective cost, owners as of each day, Kubernetes allocation
// included).
struct TeamMonthSpend {
  Money actual;    // up to and including `today`
  Money forecast;  // actual + mean daily cost of the 7 days up to `today` × days left
};

// The spend of team `team_id` (its id, not its slug) in `month` (YYYY-MM) as of `today`
// (YYYY-MM-DD). A past month's forecast is its actual. InvalidArgument for a malformed month or
// day; zero for a team without cost. `paved_resources` names the owners of Paved-made resources
// as the views do (cost/owners.h).
absl::StatusOr<TeamMonthSpend> SpendOfTeam(store::Store& store, const std::string& team_id,
                                           const std::string& month, const std::string& today,
                                           PavedResourceLookup paved_resources = nullptr);

}  // namespace paved::cost
