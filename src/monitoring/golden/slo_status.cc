#include "monitoring/golden/slo_status.h"

#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "monitoring/signals.h"
#include "providers/prometheus/prometheus_client.h"

namespace paved::monitoring {
namespace {

// Bad ratio by service; NaN (no requests in the range) is left out.
absl::StatusOr<std::map<std::string, double>> RatioByService(prometheus::PrometheusClient& client,
                                                             const std::string& promql,
                                                             int64_t at) {
  ASSIGN_OR_RETURN(std::vector<prometheus::Sample> samples, client.Query(promql, at));
  std::map<std::string, double> out;
  for (const prometheus::Sample& s : samples) {
    if (!std::isfinite(s.value)) continue;
    auto it = s.labels.find("service");
    out[it == s.labels.end() ? "" : it->second] = s.value;
  }
  return out;
}

SloBudget Budget(std::string sli, double objective, const std::map<std::string, double>& window,
                 const std::map<std::string, double>& hour, const std::string& service) {
  SloBudget b{.sli = std::move(sli), .objective = objective, .error_budget = 1 - objective / 100};
  if (auto it = window.find(service); it != window.end()) {
    b.bad_ratio = it->second;
    if (b.error_budget > 0) b.budget_remaining = 1 - it->second / b.error_budget;
  }
  if (auto it = hour.find(service); it != hour.end() && b.error_budget > 0) {
    b.burn_rate_1h = it->second / b.error_budget;
  }
  return b;
}

}  // namespace

absl::StatusOr<std::vector<SloStatus>> ReadSloStatus(const PrometheusTarget& prometheus,
                                                     const Target& t, int64_t at) {
  prometheus::PrometheusClient client(prometheus.http, prometheus.url, prometheus.timeout_ms);
  std::string window = absl::StrCat(t.slo.window_days, "d");
  ASSIGN_OR_RETURN(auto errors, RatioByService(client, ErrorRatioExpr(t, window, ""), at));
  ASSIGN_OR_RETURN(auto errors_1h, RatioByService(client, ErrorRatioExpr(t, "1h", ""), at));
  ASSIGN_OR_RETURN(auto slow, RatioByService(client, SlowRatioExpr(t, window, ""), at));
  ASSIGN_OR_RETURN(auto slow_1h, RatioByService(client, SlowRatioExpr(t, "1h", ""), at));
  std::map<std::string, SloStatus> by_service;
  for (const auto* m : {&errors, &slow}) {
    for (const auto& entry : *m) by_service[entry.first].service = entry.first;
  }
  std::vector<SloStatus> out;
  for (auto& [service, status] : by_service) {
    status.budgets.push_back(
        Budget("availability", t.slo.availability, errors, errors_1h, service));
    status.budgets.push_back(Budget("latency", t.slo.latency_percent, slow, slow_1h, service));
    out.push_back(std::move(status));
  }
  return out;
}

}  // namespace paved::monitoring
