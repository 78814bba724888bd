#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "monitoring/golden/prometheus_target.h"
#include "monitoring/targets.h"

namespace paved::monitoring {

// One SLI of a service against its objective: how much of the error budget is left over the
// SLO window and how fast the last hour burns it.
struct SloBudget {
  std::string sli;                         // availability | latency
  double objective = 0;                    // percent of good requests, e.g. 99.9
  double error_budget = 0;                 // 1 - objective / 100
  std::optional<double> bad_ratio;         // over the SLO window; nullopt: no requests
  std::optional<double> budget_remaining;  // 1 - bad_ratio / error_budget; < 0 when overspent
  std::optional<double> burn_rate_1h;      // the last hour's bad ratio / error_budget
};

struct SloStatus {
  std::string service;
  std::vector<SloBudget> budgets;  // availability, then latency
};

// The budgets of every service of `t` at `at` (unix seconds): four instant queries (bad ratios
// of both SLIs over the SLO window and over 1h), the same expressions the generated recording
// rules record, so the numbers match what the burn-rate alerts see. Services by name.
absl::StatusOr<std::vector<SloStatus>> ReadSloStatus(const PrometheusTarget& prometheus,
                                                     const Target& t, int64_t at);

}  // namespace paved::monitoring
