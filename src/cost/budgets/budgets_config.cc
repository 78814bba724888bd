#include "cost/budgets/budgets_config.h"

#include "absl/strings/numbers.h"
#include "core/error.h"

namespace paved::cost::budgets {
namespace {

using nlohmann::json;

// "90s", "30m", "1h", "1d" → milliseconds; nullopt otherwise.
std::optional<int64_t> DurationMs(const std::string& text) {
  if (text.size() < 2) return std::nullopt;
  int64_t n = 0;
  if (!absl::SimpleAtoi(text.substr(0, text.size() - 1), &n) || n < 0 || n > 1'000'000) {
    return std::nullopt;
  }
  switch (text.back()) {
    case 's':
      return n * 1000;
    case 'm':
      return n * 60'000;
    case 'h':
      return n * 3'600'000;
    case 'd':
      return n * 86'400'000;
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<BudgetsConfig> ParseBudgetsConfig(const json& file) {
  BudgetsConfig c;
  if (!file.is_object() || !file.contains("cost") || !file["cost"].is_object()) return c;
  const json& cost = file["cost"];
  if (!cost.contains("budgets") || cost["budgets"].is_null()) return c;
  const json& b = cost["budgets"];
  if (!b.is_object()) return InvalidField("cost.budgets", "must be a map");
  for (const auto& [key, value] : b.items()) {
    if (key == "check_every") {
      std::optional<int64_t> ms =
          value.is_string() ? DurationMs(value.get<std::string>()) : std::nullopt;
      if (!ms || *ms < 60'000) {
        return InvalidField("cost.budgets.check_every", "a duration of at least 1m, like 1h");
      }
      c.check_every_ms = *ms;
    } else if (key == "gate") {
      if (!value.is_boolean()) return InvalidField("cost.budgets.gate", "must be true or false");
      c.gate = value.get<bool>();
    } else {
      return InvalidField("cost.budgets." + key,
                          "unknown key " + key + " (known: check_every, gate)");
    }
  }
  return c;
}

}  // namespace paved::cost::budgets
