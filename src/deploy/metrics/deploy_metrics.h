#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::deploy::metrics {

enum class GroupBy { kProject, kTeam, kPlatform };

// Which deployments to measure: those created in [from_ms, to_ms), of `environment` when set.
struct MetricsQuery {
  GroupBy group_by = GroupBy::kPlatform;
  int64_t from_ms = 0;
  int64_t to_ms = 0;
  std::string environment;  // "" = every environment
};

// DORA numbers, on the production deployments (environments.production = 1) of the period.
struct Dora {
  // Successful production deployments per day of the period since the group first deployed
  // (at least one day).
  double deployment_frequency_per_day = 0;
  std::optional<int64_t> lead_time_p50_ms;    // artifact commit_time → finished_at
  std::optional<double> change_failure_rate;  // (failed + rolled_back) / finished
  // A failed or rolled-back production deployment's finish → the next success on its cluster.
  std::optional<int64_t> recovery_time_p50_ms;
};

// One group's numbers. "Finished" means succeeded, failed or rolled_back (a rolled_back
// deployment succeeded before a rollback replaced it, so it counts as successful for frequency
// and lead time, and as a change failure). Percentiles are nearest-rank; an absent value (no
// data) is nullopt, rendered as JSON null.
struct DeployMetrics {
  std::string key;  // project slug, team slug, or "platform"
  int64_t deployments = 0;
  int64_t succeeded = 0;
  int64_t failed = 0;
  int64_t rolled_back = 0;
  std::optional<int64_t> duration_p50_ms;  // queued_at → finished_at of finished ones
  std::optional<int64_t> duration_p90_ms;
  std::optional<double> failure_rate;  // failed / finished
  Dora dora;
};

// The numbers per group, ordered by key. Groups without deployments in the period are left
// out, except the platform group, which is always there (zeros and nulls when empty).
// Fails only when the store does.
absl::StatusOr<std::vector<DeployMetrics>> ComputeDeployMetrics(store::Store& store,
                                                                const MetricsQuery& query);

// The nearest-rank `p` percentile (0 < p <= 100) of `values`; nullopt when empty.
std::optional<int64_t> Percentile(std::vector<int64_t> values, int p);

// The DeployMetrics JSON of docs/deployments.md.
nlohmann::json DeployMetricsToJson(const DeployMetrics& m);

}  // namespace paved::deploy::metrics
