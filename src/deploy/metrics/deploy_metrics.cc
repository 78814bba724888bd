#include "deploy/metrics/deploy_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "absl/strings/str_cat.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/status_macros.h"

namespace paved::deploy::metrics {
namespace {

using json = nlohmann::json;

constexpr double kMsPerDay = 86'400'000.0;

// The deployments of the period with what each number needs. `recovered_at` is, for a failed or
// rolled-back deployment, when the next successful one on the same project and cluster finished
// (a rolled-back release was live and bad from its finish until the rollback finished).
// `first_at` is when the project first deployed at all, so that a young project's frequency is
// not divided by days it did not exist.
const std::string& RowsSql() {
  static const std::string* sql =
      new std::string(absl::StrCat(R"(
SELECT d.state, d.queued_at, d.finished_at, p.slug AS project, t.slug AS team,
       COALESCE(e.production, 0) AS production, a.commit_time,
       (SELECT MIN(f.created_at) FROM deployments f WHERE f.project_id = d.project_id) AS first_at,
       CASE WHEN d.state IN ('failed', 'rolled_back') AND d.finished_at IS NOT NULL THEN
         (SELECT MIN(s.finished_at) FROM deployments s
           WHERE s.project_id = d.project_id AND s.cluster = d.cluster
             AND s.state IN ('succeeded', 'rolled_back') AND s.finished_at > d.finished_at)
       END AS recovered_at
FROM deployments d
)",
                                   catalog::ProjectStore::JoinSql("p", "d.project_id"),
                                   catalog::TeamStore::JoinSql("t", "p.owner_team_id"), R"(
LEFT JOIN environments e ON e.name = d.environment
LEFT JOIN artifacts a ON a.project_id = d.project_id AND a.digest = d.digest
WHERE d.created_at >= $1 AND d.created_at < $2 AND ($3 = '' OR d.environment = $3))"));
  return *sql;
}

struct Accumulator {
  DeployMetrics m;
  int64_t finished = 0;
  std::vector<int64_t> durations;
  int64_t prod_finished = 0, prod_successful = 0, prod_change_failures = 0;
  int64_t first_deployed_ms = std::numeric_limits<int64_t>::max();
  std::vector<int64_t> lead_times, recoveries;
};

bool Successful(const std::string& state) { return state == "succeeded" || state == "rolled_back"; }

void AddCounts(Accumulator& acc, const store::Row& row, const std::string& state) {
  ++acc.m.deployments;
  if (state == "succeeded") ++acc.m.succeeded;
  if (state == "failed") ++acc.m.failed;
  if (state == "rolled_back") ++acc.m.rolled_back;
  const bool finished = Successful(state) || state == "failed";
  if (!finished) return;
  ++acc.finished;
  if (!row.IsNull("queued_at") && !row.IsNull("finished_at")) {
    acc.durations.push_back(row.Int("finished_at") - row.Int("queued_at"));
  }
}

void AddProduction(Accumulator& acc, const store::Row& row, const std::string& state) {
  if (row.Int("production") == 0) return;
  if (!Successful(state) && state != "failed") return;
  ++acc.prod_finished;
  if (state != "succeeded") ++acc.prod_change_failures;
  if (Successful(state)) {
    ++acc.prod_successful;
    if (!row.IsNull("commit_time") && !row.IsNull("finished_at")) {
      acc.lead_times.push_back(row.Int("finished_at") - row.Int("commit_time"));
    }
  }
  if (state != "succeeded" && !row.IsNull("recovered_at")) {
    acc.recoveries.push_back(row.Int("recovered_at") - row.Int("finished_at"));
  }
}

// The days a group's frequency is measured over: the period, cut to start when the group first
// deployed, and at least one day (one deployment in a 10-minute-old project is 1 a day, not 144).
double FrequencyDays(const Accumulator& acc, const MetricsQuery& query) {
  const int64_t from = std::max(query.from_ms, acc.first_deployed_ms);
  return std::max(1.0, static_cast<double>(query.to_ms - from) / kMsPerDay);
}

std::optional<double> Ratio(int64_t part, int64_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

DeployMetrics Finish(Accumulator& acc, const MetricsQuery& query) {
  DeployMetrics m = acc.m;
  m.duration_p50_ms = Percentile(acc.durations, 50);
  m.duration_p90_ms = Percentile(acc.durations, 90);
  m.failure_rate = Ratio(m.failed, acc.finished);
  m.dora.deployment_frequency_per_day = acc.prod_successful / FrequencyDays(acc, query);
  m.dora.lead_time_p50_ms = Percentile(acc.lead_times, 50);
  m.dora.change_failure_rate = Ratio(acc.prod_change_failures, acc.prod_finished);
  m.dora.recovery_time_p50_ms = Percentile(acc.recoveries, 50);
  return m;
}

std::string KeyOf(const store::Row& row, GroupBy group_by) {
  switch (group_by) {
    case GroupBy::kProject:
      return row.Text("project");
    case GroupBy::kTeam:
      return row.Text("team");
    case GroupBy::kPlatform:
      return "platform";
  }
  return "platform";
}

json Optional(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
json Optional(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

std::optional<int64_t> Percentile(std::vector<int64_t> values, int p) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(values.size()));
  const size_t index = static_cast<size_t>(std::max(1.0, rank)) - 1;
  return values[std::min(index, values.size() - 1)];
}

absl::StatusOr<std::vector<DeployMetrics>> ComputeDeployMetrics(store::Store& store,
                                                                const MetricsQuery& query) {
  ASSIGN_OR_RETURN(store::ResultSet rows,
                   store.Query(RowsSql(), {query.from_ms, query.to_ms, query.environment}));
  std::map<std::string, Accumulator> groups;
  if (query.group_by == GroupBy::kPlatform) groups["platform"].m.key = "platform";
  for (const store::Row& row : rows.rows) {
    const std::string key = KeyOf(row, query.group_by);
    Accumulator& acc = groups[key];
    acc.m.key = key;
    const std::string state = row.Text("state");
    if (!row.IsNull("first_at")) {
      acc.first_deployed_ms = std::min(acc.first_deployed_ms, row.Int("first_at"));
    }
    AddCounts(acc, row, state);
    AddProduction(acc, row, state);
  }
  std::vector<DeployMetrics> out;
  for (auto& [key, acc] : groups) out.push_back(Finish(acc, query));
  return out;
}

json DeployMetricsToJson(const DeployMetrics& m) {
  return {{"key", m.key},
          {"deployments", m.deployments},
          {"succeeded", m.succeeded},
          {"failed", m.failed},
          {"rolled_back", m.rolled_back},
          {"duration_p50_ms", Optional(m.duration_p50_ms)},
          {"duration_p90_ms", Optional(m.duration_p90_ms)},
          {"failure_rate", Optional(m.failure_rate)},
          {"dora",
           {{"deployment_frequency_per_day", m.dora.deployment_frequency_per_day},
            {"lead_time_p50_ms", Optional(m.dora.lead_time_p50_ms)},
            {"change_failure_rate", Optional(m.dora.change_failure_rate)},
            {"recovery_time_p50_ms", Optional(m.dora.recovery_time_p50_ms)}}}};
}

}  // namespace paved::deploy::metrics
