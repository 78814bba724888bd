// The budgets of the cost domain wired into the App: config, service and routes, the budget
// check of resource creation, the threshold messages.
#include "core/status_macros.h"
#include "cost/budget_routes.h"
#include "cost/budgets/cost_spend.h"
#include "server/app.h"

namespace paved::server {

absl::Status App::InstallBudgets() {
  ASSIGN_OR_RETURN(budgets_config_, cost::budgets::ParseBudgetsConfig(config_.file));
  budget_spend_ = std::make_unique<cost::budgets::CostSpend>(store_.get(), PavedResourceOwners());
  budget_store_ = std::make_unique<cost::budgets::BudgetStore>(store_.get());
  budget_service_ = std::make_shared<cost::budgets::BudgetService>(
      cost::budgets::BudgetServiceDeps{.store = store_.get(),
                                       .budgets = budget_store_.get(),
                                       .teams = teams_.get(),
                                       .audit = audit_.get(),
                                       .clock = clock_,
                                       .spend = budget_spend_.get()});
  router_.Add(cost::BudgetRoutes(budget_service_));
  return absl::OkStatus();
}

resources::BudgetGate App::BudgetGate() {
  if (!budgets_config_.gate) return nullptr;
  return [service = budget_service_](const Caller& caller, const std::string& team_id,
                                     double monthly_usd, const nlohmann::json& what) {
    return service->CheckResource(caller,
                                  {.team_id = team_id, .monthly_usd = monthly_usd, .what = what});
  };
}

absl::Status App::InstallBudgetNotifier() {
  budget_notifier_ = std::make_unique<cost::budgets::BudgetNotifier>(
      cost::budgets::NotifierDeps{.store = store_.get(),
                                  .budgets = budget_store_.get(),
                                  .queue = job_queue_.get(),
                                  .clock = clock_,
                                  .spend = budget_spend_.get(),
                                  .slack = slack_.get()});
  cost::budgets::InstallBudgetNotifier(workers_.get(), scheduler_.get(), budget_notifier_.get(),
                                       budgets_config_.check_every_ms);
  return absl::OkStatus();
}

}  // namespace paved::server
