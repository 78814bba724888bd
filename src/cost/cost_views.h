#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cost/cost_store.h"
#include "cost/money.h"
#include "cost/owners.h"
#include "nlohmann/json.hpp"

namespace paved::cost {

// One piece of cost with its owner: a bill row (cost_daily) or a Kubernetes allocation row.
struct CostLine {
  std::string day;                    // YYYY-MM-DD
  std::string source;                 // bill | kubernetes
  std::string account;                // usage account; the cluster for Kubernetes rows
  std::string service;                // the bill's service; "Kubernetes" for allocation rows
  std::string ns;                     // Kubernetes namespace; "" for bill rows and idle capacity
  std::string resource_id;            // a bill row's resource (only untagged lines keep one)
  std::string team_tag, project_tag;  // what the bill's tags said
  Owner owner;
  Money billed, effective;
};

// Every cost line of days in [from, to] with its owner at the time: bill rows, minus those of
// nodes the Kubernetes allocation spread on that day, plus the allocation rows. The bill rows of
// each month in `whole_months` (YYYY-MM, wholly inside [from, to]) come summed over the month
// from cost_monthly, dated its first day — the same sums in far fewer lines — except where an
// owner changes within the month, which stay per day.
absl::StatusOr<std::vector<CostLine>> OwnedLines(CostStore& costs, OwnerResolver& owners,
                                                 const std::string& from_day,
                                                 const std::string& to_day,
                                                 const std::set<std::string>& whole_months = {});

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

// The first and last day of `month` (YYYY-MM); nullopt when it is not a month.
std::optional<std::pair<std::string, std::string>> MonthDays(const std::string& month);
// `day` moved by `days` (YYYY-MM-DD in and out).
std::string AddDays(const std::string& day, int days);

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
