#include "cost/team_spend.h"

#include <algorithm>

#include "core/status_macros.h"
#include "cost/cost_views.h"

namespace paved::cost {

absl::StatusOr<TeamMonthSpend> SpendOfTeam(store::Store& store, const std::string& team_id,
                                           const std::string& month, const std::string& today,
                                           PavedResourceLookup paved_resources) {
  auto days = MonthDays(month);
  if (!days) return absl::InvalidArgumentError("month must be YYYY-MM, got '" + month + "'");
  if (!DayStartMs(today)) {
    return absl::InvalidArgumentError("today must be YYYY-MM-DD, got '" + today + "'");
  }
  CostStore costs(&store);
  OwnerResolver owners(&store, std::move(paved_resources));
  const std::string window_start = ForecastWindowStart(today);
  const std::string lo = std::min(days->first, window_start);
  const std::string hi = std::max(days->second, today);
  // Month-to-date and the forecast never split these spans: far fewer lines than days.
  ASSIGN_OR_RETURN(
      std::vector<CostLine> lines,
      OwnedLines(costs, owners, lo, hi, SpansOfMonths(lo, hi, {window_start, AddDays(today, 1)})));
  std::vector<const CostLine*> mine;
  for (const CostLine& line : lines) {
    if (line.owner.team_id == team_id) mine.push_back(&line);
  }
  MonthSpend spend = SpendOfMonth(mine, month, today);
  return TeamMonthSpend{.actual = spend.actual, .forecast = spend.forecast};
}

}  // namespace paved::cost
