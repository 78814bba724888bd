#include "cost/budgets/cost_spend.h"

#include "core/status_macros.h"
#include "cost/team_spend.h"

namespace paved::cost::budgets {

absl::StatusOr<BudgetSpend> CostSpend::Spend(const std::string& team_id, const std::string& month,
                                             const std::string& today) {
  ASSIGN_OR_RETURN(TeamMonthSpend spend,
                   SpendOfTeam(*store_, team_id, month, today, paved_resources_));
  return BudgetSpend{.actual = spend.actual, .forecast = spend.forecast};
}

}  // namespace paved::cost::budgets
