#pragma once

#include <map>
#include <string>

#include "cost/budgets/spend_source.h"

namespace paved::cost::budgets::testing {

// A SpendSource for tests: the spend of each team id, the same for every month and day.
class TableSpend : public SpendSource {
 public:
  absl::StatusOr<BudgetSpend> Spend(const std::string& team_id, const std::string&,
                                    const std::string&) override {
    return spend[team_id];
  }
  std::map<std::string, BudgetSpend> spend;
};

inline Money Usd(int64_t dollars) { return Money{dollars * 1'000'000'000}; }

}  // namespace paved::cost::budgets::testing
