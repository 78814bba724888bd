#pragma once

#include <string>
#include <vector>

#include "monitoring/monitoring_config.h"
#include "monitoring/rules/rule.h"
#include "monitoring/targets.h"

namespace paved::monitoring::rules {

// The windows SLO ratios are recorded over: 5m 30m 1h 2h 6h 1d 3d.
const std::vector<std::string>& SloWindows();

// One pair of windows of a multi-window, multi-burn-rate alert (Google SRE workbook, ch. 5):
// fires when both windows burn the error budget `factor` times faster than the SLO allows.
struct BurnWindow {
  std::string long_window;
  std::string short_window;
  double factor = 0;
};

// A burn-rate alert: any of its window pairs, at one severity.
struct BurnAlert {
  std::string speed;     // "Fast" | "Slow"
  std::string severity;  // page | ticket
  std::vector<BurnWindow> windows;
  std::string for_duration;
};

// Fast: page on 14.4x over 1h and 5m or 6x over 6h and 30m; slow: ticket on 3x over 1d and 2h
// or 1x over 3d and 6h.
const std::vector<BurnAlert>& BurnAlerts();

// The two service level indicators: availability (errors) and latency (slow requests).
enum class Sli { kAvailability, kLatency };

// "paved:slo_errors:ratio_rate5m" / "paved:slo_latency:ratio_rate5m".
std::string RecordName(Sli sli, const std::string& window);

// The share of requests the objective lets fail: 1 - objective / 100.
double ErrorBudget(const Target& t, Sli sli);

// Recording rules of `t`: each ratio over each window, series labelled namespace and service
// (and the cluster when queries select one).
RuleGroup SloRecordingRules(const Target& t);

// Burn-rate alerts of `t` for both SLIs, over the recorded series, labelled for the owner.
std::vector<Rule> SloAlertRules(const Target& t, const MonitoringConfig& config);

}  // namespace paved::monitoring::rules
