#include "cost/budgets/tag_spend.h"

#include <algorithm>

#include "absl/time/civil_time.h"
#include "core/status_macros.h"

namespace paved::cost::budgets {

absl::StatusOr<Money> TagSpend::Total(const std::string& slug, const std::string& from,
                                      const std::string& to) {
  ASSIGN_OR_RETURN(auto totals, costs_->TotalsByTeamTag(from, to));
  for (const auto& t : totals) {
    if (t.team_tag == slug) return t.effective;
  }
  return Money{};
}

absl::StatusOr<BudgetSpend> TagSpend::Spend(const std::string& team_id, const std::string& month,
                                            const std::string& today) {
  absl::CivilMonth m;
  absl::CivilDay now;
  if (!absl::ParseCivilTime(month, &m) || !absl::ParseCivilTime(today, &now)) {
    return absl::InvalidArgumentError("month is YYYY-MM and today YYYY-MM-DD");
  }
  absl::CivilDay first(m);
  absl::CivilDay last = absl::CivilDay(m + 1) - 1;
  if (now < first) return BudgetSpend{};
  ASSIGN_OR_RETURN(auto slugs, catalog::TeamStore::SlugsByIds(*store_, {team_id}));
  if (!slugs.count(team_id)) return BudgetSpend{};
  const std::string& slug = slugs[team_id];
  absl::CivilDay end = std::min(now, last);
  ASSIGN_OR_RETURN(Money actual,
                   Total(slug, absl::FormatCivilTime(first), absl::FormatCivilTime(end)));
  ASSIGN_OR_RETURN(Money week,
                   Total(slug, absl::FormatCivilTime(end - 6), absl::FormatCivilTime(end)));
  int64_t days_left = last - end;
  return BudgetSpend{.actual = actual, .forecast = actual + Money{week.nanos / 7 * days_left}};
}

}  // namespace paved::cost::budgets
