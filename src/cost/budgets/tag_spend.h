#pragma once

#include "catalog/teams.h"
#include "cost/budgets/spend_source.h"
#include "cost/cost_store.h"

namespace paved::cost::budgets {

// INTERIM: a team's spend from bill lines whose owner tag is the team's slug (`cost_daily`
// through CostStore::TotalsByTeamTag), until the Cost views' `cost::SpendOfTeam` (owners
// resolved through the catalog and Kubernetes allocation) takes its place in the server.
// Effective cost; forecast = actual + mean daily cost of the last 7 days × the days left.
class TagSpend : public SpendSource {
 public:
  TagSpend(CostStore* costs, store::Store* store) : costs_(costs), store_(store) {}
  absl::StatusOr<BudgetSpend> Spend(const std::string& team_id, const std::string& month,
                                    const std::string& today) override;

 private:
  absl::StatusOr<Money> Total(const std::string& slug, const std::string& from,
                              const std::string& to);
  CostStore* costs_;
  store::Store* store_;
};

}  // namespace paved::cost::budgets
