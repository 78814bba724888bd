#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace paved::cost::budgets {

// The `cost.budgets:` block of the server's config file:
//   cost:
//     budgets:
//       check_every: 1h   # how often spend is compared with budgets (threshold messages); >= 1m
//       gate: true        # creating a resource that would go over the budget waits for approval
// Prices of resources come from the resource standard (`prices` of a profile).
struct BudgetsConfig {
  int64_t check_every_ms = 3600 * 1000;
  bool gate = true;
};

// The block of the whole config file `file` (defaults when absent). InvalidArgument naming
// `cost.budgets.<key>` for an unknown key or a bad value.
absl::StatusOr<BudgetsConfig> ParseBudgetsConfig(const nlohmann::json& file);

}  // namespace paved::cost::budgets
