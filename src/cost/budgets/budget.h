#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cost/money.h"
#include "nlohmann/json.hpp"

namespace paved::cost::budgets {

// A team's approved budget in force for a month: the latest one set from a month <= it.
struct Budget {
  std::string team_id;
  std::string team;        // slug, filled on reads
  std::string month_from;  // YYYY-MM it applies from
  Money amount;
  std::string request_id;  // the approved request that set it
  std::string set_by;      // who approved it
  int64_t set_at_ms = 0;
};

enum class RequestState { kPending, kApproved, kRejected };
std::string_view RequestStateName(RequestState s);
std::optional<RequestState> ParseRequestState(std::string_view s);

// A request to set a team's budget from `month` on. Kind "budget" is asked for by a person;
// kind "resource" is made when creating a resource would take the team over its budget, and
// asks for the budget that creation needs (detail names the resource).
struct BudgetRequest {
  std::string id;
  std::string team_id;
  std::string team;  // slug, filled on reads
  std::string kind = "budget";
  Money amount;
  std::string reason;
  std::string month;  // YYYY-MM
  std::string requester;
  RequestState state = RequestState::kPending;
  std::string decider;
  std::string decision_reason;
  nlohmann::json detail = nlohmann::json::object();
  int64_t created_at_ms = 0;
  std::optional<int64_t> decided_at_ms;
};

// Spend of a team for a month (effective cost): what is spent so far and the forecast for the
// whole month.
struct BudgetSpend {
  Money actual;
  Money forecast;
};

// A budget with the spend of its month, as the API shows it.
struct BudgetStatus {
  Budget budget;
  std::string month;
  BudgetSpend spend;
};

// Whole percent of `part` in `whole` (rounded down); 0 when `whole` is not positive.
int64_t Percent(Money part, Money whole);
// Dollars (a JSON number, cents precision) ↔ Money. nullopt for NaN, infinite or out of range.
std::optional<Money> MoneyFromDollars(double usd);
double Dollars(Money m);
// "1,040" — whole dollars with thousands separators (rounded to the nearest dollar).
std::string WholeDollars(Money m);

// "YYYY-MM" with a month 01-12.
bool IsMonth(const std::string& s);
// The month ("YYYY-MM") and day ("YYYY-MM-DD") of a Unix time in UTC.
std::string MonthOf(int64_t ms);
std::string DayOf(int64_t ms);

nlohmann::json BudgetRequestToJson(const BudgetRequest& r);
nlohmann::json BudgetStatusToJson(const BudgetStatus& s);

}  // namespace paved::cost::budgets
