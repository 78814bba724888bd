#include "deploy/metrics/prometheus.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/status_macros.h"
#include "fmt/format.h"

namespace paved::deploy::metrics {
namespace {

constexpr std::array<int64_t, 9> kBucketSeconds = {10, 30, 60, 120, 300, 600, 1800, 3600, 7200};

// The project's slug as `p.slug` and its owner team's as `t.slug`.
std::string FromDeploymentsWithOwners() {
  return absl::StrCat("FROM deployments d ", catalog::ProjectStore::JoinSql("p", "d.project_id"),
                      catalog::TeamStore::JoinSql("t", "p.owner_team_id"));
}

std::string CountsSql() {
  return absl::StrCat(
      "SELECT p.slug AS project, t.slug AS team, d.environment, d.cluster, d.state, COUNT(*) AS n ",
      FromDeploymentsWithOwners(),
      "GROUP BY p.slug, t.slug, d.environment, d.cluster, d.state "
      "ORDER BY p.slug, d.environment, d.cluster, d.state");
}

std::string DurationsSql() {
  std::string buckets;
  for (size_t i = 0; i < kBucketSeconds.size(); ++i) {
    absl::StrAppend(&buckets,
                    "SUM(CASE WHEN d.finished_at - d.queued_at <= ", kBucketSeconds[i] * 1000,
                    " THEN 1 ELSE 0 END) AS b", i, ", ");
  }
  return absl::StrCat("SELECT p.slug AS project, t.slug AS team, d.environment, ", buckets,
                      "COUNT(*) AS n, SUM(d.finished_at - d.queued_at) AS sum_ms ",
                      FromDeploymentsWithOwners(),
                      "WHERE d.state IN ('succeeded', 'failed', 'rolled_back') "
                      "AND d.queued_at IS NOT NULL AND d.finished_at IS NOT NULL "
                      "GROUP BY p.slug, t.slug, d.environment ORDER BY p.slug, d.environment");
}

std::string Escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out;
}

std::string Label(const store::Row& row, const char* name) {
  return fmt::format("{}=\"{}\"", name, Escape(row.Text(name)));
}

void RenderCounts(const store::ResultSet& rows, std::string& out) {
  out +=
      "# HELP paved_deployments_total Deployments by project, team, environment, cluster and "
      "current state.\n# TYPE paved_deployments_total gauge\n";
  for (const store::Row& row : rows.rows) {
    out += fmt::format("paved_deployments_total{{{},{},{},{},{}}} {}\n", Label(row, "project"),
                       Label(row, "team"), Label(row, "environment"), Label(row, "cluster"),
                       Label(row, "state"), row.Int("n"));
  }
}

void RenderDurations(const store::ResultSet& rows, std::string& out) {
  out +=
      "# HELP paved_deployment_duration_seconds Time from queued to finished of finished "
      "deployments.\n# TYPE paved_deployment_duration_seconds histogram\n";
  for (const store::Row& row : rows.rows) {
    const std::string labels = fmt::format("{},{},{}", Label(row, "project"), Label(row, "team"),
                                           Label(row, "environment"));
    for (size_t i = 0; i < kBucketSeconds.size(); ++i) {
      out += fmt::format("paved_deployment_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                         kBucketSeconds[i], row.Int(absl::StrCat("b", i)));
    }
    out += fmt::format("paved_deployment_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels,
                       row.Int("n"));
    out += fmt::format("paved_deployment_duration_seconds_sum{{{}}} {}\n", labels,
                       static_cast<double>(row.Int("sum_ms")) / 1000.0);
    out += fmt::format("paved_deployment_duration_seconds_count{{{}}} {}\n", labels, row.Int("n"));
  }
}

}  // namespace

absl::StatusOr<std::string> RenderDeployPrometheus(store::Store& store) {
  ASSIGN_OR_RETURN(store::ResultSet counts, store.Query(CountsSql()));
  ASSIGN_OR_RETURN(store::ResultSet durations, store.Query(DurationsSql()));
  std::string out;
  RenderCounts(counts, out);
  RenderDurations(durations, out);
  return out;
}

}  // namespace paved::deploy::metrics
