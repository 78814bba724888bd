#pragma once

#include <memory>
#include <vector>

#include "cost/budgets/budget_service.h"
#include "http/router.h"

namespace paved::cost {

// The budgets API: /api/v1/budgets (budgets in force with their month's actual and forecast
// spend) and /api/v1/budgets/requests (ask, list, approve, reject). Who may do what is
// budgets::BudgetService's: team members ask, sre/admin decide (never their own request).
std::vector<http::Route> BudgetRoutes(std::shared_ptr<budgets::BudgetService> service);

}  // namespace paved::cost
