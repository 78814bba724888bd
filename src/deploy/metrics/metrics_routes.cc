#include "deploy/metrics/metrics_routes.h"

#include "absl/strings/numbers.h"
#include "absl/time/time.h"
#include "core/status_macros.h"
#include "deploy/metrics/deploy_metrics.h"
#include "deploy/metrics/metrics_schemas.h"
#include "http/errors.h"
#include "http/json_body.h"

namespace paved::deploy::metrics {
namespace {

constexpr int64_t kDefaultPeriodMs = 30LL * 24 * 3600 * 1000;

absl::StatusOr<GroupBy> ParseGroupBy(const std::string& text) {
  if (text.empty() || text == "platform") return GroupBy::kPlatform;
  if (text == "project") return GroupBy::kProject;
  if (text == "team") return GroupBy::kTeam;
  return http::InvalidField("group_by", "group_by must be project, team or platform");
}

// Unix milliseconds or RFC 3339.
absl::StatusOr<int64_t> ParseTime(const std::string& field, const std::string& text) {
  int64_t ms = 0;
  if (absl::SimpleAtoi(text, &ms)) return ms;
  absl::Time t;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, text, &t, &error)) return absl::ToUnixMillis(t);
  return http::InvalidField(
      field, field + " must be RFC 3339 (2026-11-01T00:00:00Z) or Unix milliseconds");
}

absl::Status CheckEnvironment(store::Store& store, const std::string& name) {
  if (name.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(store::ResultSet rows,
                   store.Query("SELECT name FROM environments WHERE name = $1", {name}));
  if (rows.empty()) return http::InvalidField("environment", "no environment named " + name);
  return absl::OkStatus();
}

absl::StatusOr<MetricsQuery> ReadQuery(store::Store& store, const Clock& clock,
                                       const http::Request& req) {
  MetricsQuery q;
  ASSIGN_OR_RETURN(q.group_by, ParseGroupBy(req.QueryParam("group_by").value_or("")));
  q.to_ms = clock.NowMs();
  if (auto to = req.QueryParam("to"); to && !to->empty()) {
    ASSIGN_OR_RETURN(q.to_ms, ParseTime("to", *to));
  }
  q.from_ms = q.to_ms - kDefaultPeriodMs;
  if (auto from = req.QueryParam("from"); from && !from->empty()) {
    ASSIGN_OR_RETURN(q.from_ms, ParseTime("from", *from));
  }
  if (q.from_ms >= q.to_ms) return http::InvalidField("to", "to must be after from");
  q.environment = req.QueryParam("environment").value_or("");
  RETURN_IF_ERROR(CheckEnvironment(store, q.environment));
  return q;
}

absl::StatusOr<http::Response> Get(store::Store& store, const Clock& clock, http::Context& ctx) {
  ASSIGN_OR_RETURN(MetricsQuery query, ReadQuery(store, clock, ctx.req));
  ASSIGN_OR_RETURN(std::vector<DeployMetrics> groups, ComputeDeployMetrics(store, query));
  nlohmann::json items = nlohmann::json::array();
  for (const DeployMetrics& m : groups) items.push_back(DeployMetricsToJson(m));
  return http::JsonResponse(
      200,
      {{"items", items}, {"from", FormatTimeMs(query.from_ms)}, {"to", FormatTimeMs(query.to_ms)}});
}

}  // namespace

std::vector<http::Route> DeployMetricsRoutes(store::Store* store, const Clock* clock) {
  return {
      {
          .method = "GET",
          .path = "/api/v1/metrics/deployments",
          .access = http::Access::kViewer,
          .summary =
              "Deployment counts, durations, failure rates and DORA metrics per project, team or "
              "the whole platform",
          .tag = "deploy",
          .query = {"group_by", "from", "to", "environment"},
          .response = DeployMetricsAnswerSchema(),
          .handler =
              http::Handle([store, clock](http::Context& ctx) { return Get(*store, *clock, ctx); }),
      },
  };
}

}  // namespace paved::deploy::metrics
