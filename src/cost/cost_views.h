#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/days.h"
#include "cost/cost_store.h"
#include "cost/money.h"
#include "cost/owned_lines.h"
#include "cost/owners.h"
#include "nlohmann/json.hpp"

namespace paved::cost {

// The dimensions a view groups and filters by.
extern const std::vector<std::string>
    kCostDimensions;  // team project namespace service account day
// A line's value of `dimension` (team "" = unowned).
std::string DimensionOf(const CostLine& line, const std::string& dimension);

struct CostQuery {
  std::string from, to;               // days, inclusive
  std::string today;                  // the clock's day: month-to-date and forecast
  std::vector<std::string> group_by;  // one or two of kCostDimensions
  // dimension → accepted values (any of them); team "unowned" matches unowned cost.
  std::map<std::string, std::set<std::string>> filter;
  // The team ids whose cost the caller may see (unowned cost always); nullopt = every team.
  std::optional<std::set<std::string>> visible_team_ids;
};

// Whether the caller of `q` may see `line`, and whether it passes q.filter.
bool Visible(const CostQuery& q, const CostLine& line);
bool Passes(const CostQuery& q, const CostLine& line);

// A month's spend: what was spent up to `today` and the forecast to the month's end
// (= actual + mean daily cost of the 7 days up to `today` × days left after `today`). A month
// before today's is all actual; a later one is the mean × its days.
struct MonthSpend {
  Money actual, forecast;
};
MonthSpend SpendOfMonth(const std::vector<const CostLine*>& lines, const std::string& month,
                        const std::string& today);
// The first day of the forecast window that ends on `today`.
std::string ForecastWindowStart(const std::string& today);

// Every month of [lo, hi] summed in spans cut at `cuts` (OwnedLines).
SummedSpans SpansOfMonths(const std::string& lo, const std::string& hi, std::set<std::string> cuts);

// The view `GET /api/v1/cost` answers (docs/cost.md): totals, groups, month-to-date and
// forecast. Reads lines from min(from, the forecast window) to max(to, today).
absl::StatusOr<nlohmann::json> CostView(CostStore& costs, OwnerResolver& owners,
                                        const CostQuery& q);
// The unowned lines of [from, to], summed per (account, service, resource, tags), the largest
// first: what needs an owner.
absl::StatusOr<nlohmann::json> UnownedView(CostStore& costs, OwnerResolver& owners,
                                           const CostQuery& q);
// The lines of [from, to] summed per (day, account, service, team, project, namespace) as CSV:
// `csv` (day,account,service,team,project,namespace,billed,effective) or `focus` (FOCUS-shaped:
// BilledCost, EffectiveCost, ChargePeriodStart, ChargePeriodEnd, ServiceName, SubAccountId,
// BillingCurrency, x_Team, x_Project, x_Namespace).
absl::StatusOr<std::string> CostExport(CostStore& costs, OwnerResolver& owners, const CostQuery& q,
                                       const std::string& format);

// Money as the API shows it: a decimal string with 2 decimals, beside exact nano-dollars.
void PutMoney(nlohmann::json& out, const std::string& name, Money m);

}  // namespace paved::cost
