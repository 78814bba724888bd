#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "cost/budgets/budget.h"

namespace paved::cost::budgets {

// Where budgets learn what a team spends. The server gives the Cost views' team spend
// (`cost::SpendOfTeam`: effective cost, owners resolved from tags, the catalog and Kubernetes
// allocation); tests give a table of their own.
class SpendSource {
 public:
  virtual ~SpendSource() = default;
  // The spend of team `team_id` in `month` (YYYY-MM) as known on `today` (YYYY-MM-DD): actual so
  // far, and the forecast for the whole month (actual + mean daily cost of the last 7 days ×
  // the days left). On failure the store's error.
  virtual absl::StatusOr<BudgetSpend> Spend(const std::string& team_id, const std::string& month,
                                            const std::string& today) = 0;
};

}  // namespace paved::cost::budgets
