#pragma once

#include "cost/budgets/spend_source.h"
#include "store/store.h"

namespace paved::cost::budgets {

// A team's spend as the Cost views count it (`cost::SpendOfTeam`): effective cost, owners
// resolved through tags, the catalog's ownership history and the Kubernetes allocation.
class CostSpend : public SpendSource {
 public:
  explicit CostSpend(store::Store* store) : store_(store) {}
  absl::StatusOr<BudgetSpend> Spend(const std::string& team_id, const std::string& month,
                                    const std::string& today) override;

 private:
  store::Store* store_;
};

}  // namespace paved::cost::budgets
