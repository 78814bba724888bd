#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "monitoring/golden/prometheus_target.h"
#include "monitoring/golden/slo_status.h"
#include "monitoring/signals.h"
#include "monitoring/targets.h"

namespace paved::monitoring {

// A range of unix seconds evaluated every `step` seconds.
struct SignalWindow {
  int64_t from = 0;
  int64_t to = 0;
  int64_t step = 60;
};

struct SignalSeries {
  std::string service;  // "" for a namespace-wide series (evictions)
  std::vector<std::pair<int64_t, double>> points;
};

// One signal over the window: its series, or why Prometheus gave none.
struct SignalPanel {
  std::string group;  // red | saturation
  Signal signal;
  std::vector<SignalSeries> series;
  std::string error;  // "" when the query succeeded (an empty `series` then means no data)
};

// How long until a resource runs out at its trend over the last six hours.
struct CapacityEstimate {
  std::string resource;  // memory, cpu, disk: the ratio signal's resource
  std::string service;
  double used = 0;                  // the ratio used / limit at the window's end
  std::optional<double> days_left;  // nullopt: not growing
};

struct GoldenSignals {
  std::vector<SignalPanel> panels;  // RED, then saturation, in the signals' order
  std::vector<CapacityEstimate> capacity;
  std::string capacity_error;  // "" when the capacity queries succeeded
  std::vector<SloStatus> slos;
  std::string slo_error;  // "" when the SLO queries succeeded
};

// Reads the RED and saturation signals of `t` over `window` from Prometheus, every query at
// once (one thread each), so the answer takes about as long as the slowest query. A failed query
// leaves its panel's `error` set and the others filled. Capacity: for each ratio signal
// (memory / limit, and others the signals may add), the ratio now and its slope over six hours
// (`deriv` of a subquery) give the days until it reaches 1. The SLO budgets at the window's end
// (ReadSloStatus) are read alongside.
GoldenSignals ReadGoldenSignals(const PrometheusTarget& prometheus, const Target& t,
                                const SignalWindow& window);

}  // namespace paved::monitoring
