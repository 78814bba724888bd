#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "monitoring/targets.h"

namespace paved::monitoring {

// One thing to graph or alert on: a PromQL expression over one target.
struct Signal {
  std::string key;    // stable, e.g. "error_ratio", "latency_p99"
  std::string title;  // for a panel, e.g. "Error ratio"
  std::string unit;   // Grafana unit id: reqps, percentunit, s, bytes, short
  std::string promql;
};

// One label matcher; `op` is =, !=, =~ or !~.
struct Matcher {
  std::string label;
  std::string op;
  std::string value;
};

// `value` as the inside of a PromQL double-quoted string: backslash, double quote and control
// characters escaped (\\, \", \n, \t, \r; others as \xHH).
std::string EscapeLabelValue(std::string_view value);

// The one place a selector is written: {a="x",b=~"y"} from `matchers` in order ("{}" when none).
std::string Selector(const std::vector<Matcher>& matchers);

// The matchers of a request metric of `t` (the source's own matchers, cluster, namespace), and
// the service's when `service` is given.
std::vector<Matcher> RequestMatchers(const Target& t, std::string_view service = "");
// The matchers of a container metric `ref` of `t` (its own matchers, cluster, namespace), and the
// container's (the service's) when `service` is given.
std::vector<Matcher> ContainerMatchers(const Target& t, const MetricRef& ref,
                                       std::string_view service = "");
// `ref` with its selector: kube_pod_container_resource_limits{resource="memory",namespace="x"}.
std::string MetricSelector(const MetricRef& ref, const std::vector<Matcher>& matchers);

// Options of the expressions: the range of rate() and the quantile's window.
struct SignalOptions {
  std::string rate_window = "5m";  // Grafana dashboards may pass "$__rate_interval"
  std::string service;             // "" = every service of the namespace, one series each
};

// Every signal's series are labelled `service` (the source's service label or the container
// label, renamed), except evictions (one series per namespace).
// Request rate, error ratio and latency p50/p90/p99 (seconds), by service.
std::vector<Signal> RedSignals(const Target& t, const SignalOptions& o = {});
// CPU throttling ratio, memory working set / limit, restarts (increase over 1h), OOM kills,
// evictions; by container (= service) where the metric has one.
std::vector<Signal> SaturationSignals(const Target& t, const SignalOptions& o = {});
// Memory working set predicted 4h ahead / limit; disk used predicted 24h ahead / capacity when
// the config names volume metrics.
std::vector<Signal> CapacitySignals(const Target& t, const SignalOptions& o = {});

// The error ratio of requests over `window` (e.g. "5m"), one series per service labelled
// `service` (only `service`'s when given): what SLO rules record.
std::string ErrorRatioExpr(const Target& t, const std::string& window, std::string_view service);
// The ratio of requests slower than the latency objective over `window`, by service. The
// objective must be a bucket boundary of the histogram (le="0.25" or le="250").
std::string SlowRatioExpr(const Target& t, const std::string& window, std::string_view service);
// The quantile `q` (0.99) of request durations in seconds over `window`, by service.
std::string LatencyQuantileExpr(const Target& t, double q, const std::string& window,
                                std::string_view service);
// The latency objective's bucket boundary as the histogram writes it ("0.3" or "300").
std::string LatencyBoundary(const Target& t);

}  // namespace paved::monitoring
