#include "cost/budgets/budget.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/clock.h"

namespace paved::cost::budgets {

using nlohmann::json;

std::string_view RequestStateName(RequestState s) {
  switch (s) {
    case RequestState::kPending:
      return "pending";
    case RequestState::kApproved:
      return "approved";
    case RequestState::kRejected:
      return "rejected";
  }
  return "pending";
}

std::optional<RequestState> ParseRequestState(std::string_view s) {
  for (RequestState state :
       {RequestState::kPending, RequestState::kApproved, RequestState::kRejected}) {
    if (RequestStateName(state) == s) return state;
  }
  return std::nullopt;
}

int64_t Percent(Money part, Money whole) {
  if (whole.nanos <= 0) return 0;
  return static_cast<int64_t>(static_cast<__int128>(part.nanos) * 100 / whole.nanos);
}

std::optional<Money> MoneyFromDollars(double usd) {
  if (!std::isfinite(usd) || std::fabs(usd) > 9e9) return std::nullopt;
  int64_t cents = std::llround(usd * 100);
  return Money{cents * 10'000'000};
}

double Dollars(Money m) { return static_cast<double>(m.nanos / 10'000'000) / 100.0; }

std::string WholeDollars(Money m) {
  int64_t dollars = (m.nanos + (m.nanos >= 0 ? 500'000'000 : -500'000'000)) / 1'000'000'000;
  std::string digits = std::to_string(dollars < 0 ? -dollars : dollars);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return dollars < 0 ? "-" + out : out;
}

bool IsMonth(const std::string& s) {
  if (s.size() != 7 || s[4] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  return month >= 1 && month <= 12;
}

std::string MonthOf(int64_t ms) {
  return absl::FormatTime("%Y-%m", absl::FromUnixMillis(ms), absl::UTCTimeZone());
}

std::string DayOf(int64_t ms) {
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixMillis(ms), absl::UTCTimeZone());
}

json BudgetRequestToJson(const BudgetRequest& r) {
  json out = {{"id", r.id},
              {"team", r.team},
              {"kind", r.kind},
              {"amount", Dollars(r.amount)},
              {"reason", r.reason},
              {"month", r.month},
              {"requester", r.requester},
              {"state", RequestStateName(r.state)},
              {"decider", r.decider},
              {"decision_reason", r.decision_reason},
              {"detail", r.detail},
              {"created_at", FormatTimeMs(r.created_at_ms)}};
  if (r.decided_at_ms) out["decided_at"] = FormatTimeMs(*r.decided_at_ms);
  return out;
}

json BudgetStatusToJson(const BudgetStatus& s) {
  return {{"team", s.budget.team},
          {"month", s.month},
          {"amount", Dollars(s.budget.amount)},
          {"since", s.budget.month_from},
          {"set_by", s.budget.set_by},
          {"request_id", s.budget.request_id},
          {"actual", Dollars(s.spend.actual)},
          {"forecast", Dollars(s.spend.forecast)},
          {"actual_percent", Percent(s.spend.actual, s.budget.amount)},
          {"forecast_percent", Percent(s.spend.forecast, s.budget.amount)}};
}

}  // namespace paved::cost::budgets
