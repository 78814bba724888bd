#include "monitoring/rules/slo_rules.h"

#include "absl/strings/str_cat.h"
#include "monitoring/rules/alert_context.h"
#include "monitoring/signals.h"

namespace paved::monitoring::rules {
namespace {

const char* SliName(Sli sli) { return sli == Sli::kAvailability ? "Availability" : "Latency"; }

std::string Objective(const Target& t, Sli sli) {
  if (sli == Sli::kAvailability) return absl::StrCat(t.slo.availability, "% of requests succeed");
  return absl::StrCat(t.slo.latency_percent, "% of requests within ", t.slo.latency_ms, " ms");
}

// `record > (factor * budget)` for both windows of `w`.
std::string PairExpr(const Target& t, Sli sli, const BurnWindow& w) {
  std::string threshold = absl::StrCat("(", w.factor, " * ", ErrorBudget(t, sli), ")");
  std::string sel = RecordedSelector(t);
  return absl::StrCat("(", RecordName(sli, w.long_window), sel, " > ", threshold, " and ",
                      RecordName(sli, w.short_window), sel, " > ", threshold, ")");
}

Rule BurnRule(const Target& t, const MonitoringConfig& config, Sli sli, const BurnAlert& a) {
  std::string expr;
  for (const BurnWindow& w : a.windows) {
    absl::StrAppend(&expr, expr.empty() ? "" : " or ", PairExpr(t, sli, w));
  }
  std::string name = absl::StrCat("SLO", SliName(sli), a.speed, "Burn");
  std::string what = sli == Sli::kAvailability ? "errors" : "slow requests";
  std::string summary =
      absl::StrCat(t.project, " {{ $labels.service }} in ", t.ns, " (", t.cluster, "): ", what,
                   " burn the error budget ", a.speed == "Fast" ? "fast" : "steadily");
  std::string description =
      absl::StrCat("Objective: ", Objective(t, sli), " over ", t.slo.window_days, " days. ",
                   "{{ $value | humanizePercentage }} of requests are ", what, " (budget ",
                   ErrorBudget(t, sli) * 100, "%).");
  Rule r{.alert = name, .expr = expr, .for_duration = a.for_duration};
  r.labels = OwnerLabels(t, config, a.severity);
  r.labels["slo"] = sli == Sli::kAvailability ? "availability" : "latency";
  r.annotations = AlertAnnotations(t, config, name, summary, description);
  return r;
}

}  // namespace

const std::vector<std::string>& SloWindows() {
  static const std::vector<std::string> kWindows = {"5m", "30m", "1h", "2h", "6h", "1d", "3d"};
  return kWindows;
}

const std::vector<BurnAlert>& BurnAlerts() {
  static const std::vector<BurnAlert> kAlerts = {
      {"Fast", "page", {{"1h", "5m", 14.4}, {"6h", "30m", 6}}, "2m"},
      {"Slow", "ticket", {{"1d", "2h", 3}, {"3d", "6h", 1}}, "15m"}};
  return kAlerts;
}

std::string RecordName(Sli sli, const std::string& window) {
  return absl::StrCat(sli == Sli::kAvailability ? "paved:slo_errors" : "paved:slo_latency",
                      ":ratio_rate", window);
}

double ErrorBudget(const Target& t, Sli sli) {
  double objective = sli == Sli::kAvailability ? t.slo.availability : t.slo.latency_percent;
  return (100.0 - objective) / 100.0;
}

RuleGroup SloRecordingRules(const Target& t) {
  RuleGroup g{.name = absl::StrCat("paved:", t.project, ":", t.cluster, ":", t.ns, ":slo")};
  for (Sli sli : {Sli::kAvailability, Sli::kLatency}) {
    for (const std::string& w : SloWindows()) {
      std::string expr =
          sli == Sli::kAvailability ? ErrorRatioExpr(t, w, "") : SlowRatioExpr(t, w, "");
      g.rules.push_back({.record = RecordName(sli, w), .expr = expr, .labels = RecordedLabels(t)});
    }
  }
  return g;
}

std::vector<Rule> SloAlertRules(const Target& t, const MonitoringConfig& config) {
  std::vector<Rule> out;
  for (Sli sli : {Sli::kAvailability, Sli::kLatency}) {
    for (const BurnAlert& a : BurnAlerts()) out.push_back(BurnRule(t, config, sli, a));
  }
  return out;
}

}  // namespace paved::monitoring::rules
