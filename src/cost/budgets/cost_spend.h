#pragma once

#include "cost/budgets/spend_source.h"
#include "cost/owners.h"
#include "store/store.h"

namespace paved::cost::budgets {

// A team's spend as the Cost views count it (`cost::SpendOfTeam`): effective cost, owners
// resolved through tags, the catalog's ownership history and the Kubernetes allocation.
class CostSpend : public SpendSource {
 public:
  CostSpend(store::Store* store, PavedResourceLookup paved_resources)
      : store_(store), paved_resources_(std::move(paved_resources)) {}
  absl::StatusOr<BudgetSpend> Spend(const std::string& team_id, const std::string& month,
                                    const std::string& today) override;

 private:
  store::Store* store_;
  PavedResourceLookup paved_resources_;
};

}  // namespace paved::cost::budgets
