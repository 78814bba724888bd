#include "monitoring/signals.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace paved::monitoring {
namespace {

// cAdvisor's pause container and its cgroup totals carry no container name worth a series.
constexpr char kNotAContainer[] = "POD|";

std::string Quoted(std::string_view value) {
  return absl::StrCat("\"", EscapeLabelValue(value), "\"");
}

// `expr` (aggregated by `label`) with its series labelled `service` only.
std::string AsService(const std::string& expr, const std::string& label) {
  if (label == "service") return expr;
  return absl::StrCat("sum by (service) (label_replace(", expr, ", \"service\", \"$1\", ",
                      Quoted(label), ", \"(.*)\"))");
}

std::string SumRate(const std::string& by, const std::string& metric, const std::vector<Matcher>& m,
                    const std::string& window) {
  return absl::StrCat("sum by (", by, ") (rate(", metric, Selector(m), "[", window, "]))");
}

std::vector<Matcher> With(std::vector<Matcher> m, Matcher extra) {
  m.push_back(std::move(extra));
  return m;
}

void AddCluster(const Target& t, std::vector<Matcher>& m) {
  if (!t.metrics.cluster_label.empty()) m.push_back({t.metrics.cluster_label, "=", t.cluster});
}

std::string Seconds(const Target& t, const std::string& expr) {
  if (t.metrics.requests.duration_unit != "milliseconds") return expr;
  return absl::StrCat(expr, " / 1000");
}

std::string Percentile(double q) { return absl::StrCat("p", static_cast<int>(q * 100 + 0.5)); }

const std::string& ContainerLabel(const Target& t) { return t.metrics.saturation.container_label; }

// sum by (namespace, pod, container) of a container metric, for ratios of two such metrics.
std::string PerContainer(const Target& t, const std::string& expr) {
  const SaturationMetrics& s = t.metrics.saturation;
  return absl::StrCat("sum by (", s.namespace_label, ", ", s.pod_label, ", ", s.container_label,
                      ") (", expr, ")");
}

std::string ContainerSeries(const Target& t, const MetricRef& ref, std::string_view service) {
  return MetricSelector(ref, ContainerMatchers(t, ref, service));
}

// max by (container) of used / limit per container, `used` possibly predicted.
std::string MemoryRatio(const Target& t, const std::string& used, std::string_view service) {
  std::string ratio =
      absl::StrCat(PerContainer(t, used), " / ",
                   PerContainer(t, ContainerSeries(t, t.metrics.saturation.memory_limit, service)));
  return AsService(absl::StrCat("max by (", ContainerLabel(t), ") (", ratio, ")"),
                   ContainerLabel(t));
}

std::string ByContainer(const Target& t, const std::string& inner) {
  return AsService(absl::StrCat("sum by (", ContainerLabel(t), ") (", inner, ")"),
                   ContainerLabel(t));
}

std::string Duration(const Target& t, const std::vector<Matcher>& m, const std::string& le,
                     const std::string& window) {
  const RequestMetrics& r = t.metrics.requests;
  return SumRate(r.service_label, r.duration_bucket, With(m, {"le", "=", le}), window);
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char hex[5];
          std::snprintf(hex, sizeof(hex), "\\x%02x", static_cast<unsigned char>(c));
          out += hex;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string Selector(const std::vector<Matcher>& matchers) {
  std::string out = "{";
  for (size_t i = 0; i < matchers.size(); ++i) {
    const Matcher& m = matchers[i];
    absl::StrAppend(&out, i ? "," : "", m.label, m.op, Quoted(m.value));
  }
  return out + "}";
}

std::vector<Matcher> RequestMatchers(const Target& t, std::string_view service) {
  const RequestMetrics& r = t.metrics.requests;
  std::vector<Matcher> m;
  for (const auto& [label, value] : r.match) m.push_back({label, "=", value});
  AddCluster(t, m);
  m.push_back({r.namespace_label, "=", t.ns});
  if (!service.empty()) m.push_back({r.service_label, "=", std::string(service)});
  return m;
}

std::vector<Matcher> ContainerMatchers(const Target& t, const MetricRef& ref,
                                       std::string_view service) {
  const SaturationMetrics& s = t.metrics.saturation;
  std::vector<Matcher> m;
  for (const auto& [label, value] : ref.match) m.push_back({label, "=", value});
  AddCluster(t, m);
  m.push_back({s.namespace_label, "=", t.ns});
  if (service.empty()) {
    m.push_back({s.container_label, "!~", kNotAContainer});
  } else {
    m.push_back({s.container_label, "=", std::string(service)});
  }
  return m;
}

std::string MetricSelector(const MetricRef& ref, const std::vector<Matcher>& matchers) {
  return ref.name + Selector(matchers);
}

std::string ErrorRatioExpr(const Target& t, const std::string& window, std::string_view service) {
  const RequestMetrics& r = t.metrics.requests;
  std::vector<Matcher> m = RequestMatchers(t, service);
  std::string all = SumRate(r.service_label, r.requests_total, m, window);
  std::string errors = SumRate(r.service_label, r.requests_total,
                               With(m, {r.status_label, "=~", r.error_regex}), window);
  return AsService(absl::StrCat("(", errors, " or ", all, " * 0) / ", all), r.service_label);
}

std::string LatencyBoundary(const Target& t) {
  if (t.metrics.requests.duration_unit == "milliseconds") return absl::StrCat(t.slo.latency_ms);
  return absl::StrCat(t.slo.latency_ms / 1000.0);
}

std::string SlowRatioExpr(const Target& t, const std::string& window, std::string_view service) {
  std::vector<Matcher> m = RequestMatchers(t, service);
  std::string fast = Duration(t, m, LatencyBoundary(t), window);
  std::string all = Duration(t, m, "+Inf", window);
  return AsService(absl::StrCat("1 - (", fast, " / ", all, ")"), t.metrics.requests.service_label);
}

std::string LatencyQuantileExpr(const Target& t, double q, const std::string& window,
                                std::string_view service) {
  const RequestMetrics& r = t.metrics.requests;
  std::string buckets = SumRate(absl::StrCat(r.service_label, ", le"), r.duration_bucket,
                                RequestMatchers(t, service), window);
  return AsService(Seconds(t, absl::StrCat("histogram_quantile(", q, ", ", buckets, ")")),
                   r.service_label);
}

std::vector<Signal> RedSignals(const Target& t, const SignalOptions& o) {
  const RequestMetrics& r = t.metrics.requests;
  std::vector<Signal> out;
  out.push_back({"request_rate", "Requests per second", "reqps",
                 AsService(SumRate(r.service_label, r.requests_total, RequestMatchers(t, o.service),
                                   o.rate_window),
                           r.service_label)});
  out.push_back(
      {"error_ratio", "Error ratio", "percentunit", ErrorRatioExpr(t, o.rate_window, o.service)});
  for (double q : {0.5, 0.9, 0.99}) {
    out.push_back({"latency_" + Percentile(q), "Latency " + Percentile(q), "s",
                   LatencyQuantileExpr(t, q, o.rate_window, o.service)});
  }
  return out;
}

std::vector<Signal> SaturationSignals(const Target& t, const SignalOptions& o) {
  const SaturationMetrics& s = t.metrics.saturation;
  auto rate = [&](const MetricRef& ref) {
    return absl::StrCat("rate(", ContainerSeries(t, ref, o.service), "[", o.rate_window, "])");
  };
  std::vector<Signal> out;
  out.push_back({"cpu_throttling", "CPU throttled periods", "percentunit",
                 absl::StrCat(ByContainer(t, rate(s.cpu_throttled_periods)), " / ",
                              ByContainer(t, rate(s.cpu_periods)))});
  out.push_back({"memory_limit_ratio", "Memory working set / limit", "percentunit",
                 MemoryRatio(t, ContainerSeries(t, s.memory_working_set, o.service), o.service)});
  out.push_back({"restarts", "Restarts (1h)", "short",
                 ByContainer(t, absl::StrCat("increase(", ContainerSeries(t, s.restarts, o.service),
                                             "[1h])"))});
  out.push_back({"oom_kills", "Containers last killed for memory (OOM)", "short",
                 ByContainer(t, ContainerSeries(t, s.oom_killed, o.service))});
  std::vector<Matcher> pods;
  for (const auto& [label, value] : s.evicted.match) pods.push_back({label, "=", value});
  AddCluster(t, pods);
  pods.push_back({s.namespace_label, "=", t.ns});
  out.push_back({"evictions", "Evicted pods", "short",
                 absl::StrCat("sum(", MetricSelector(s.evicted, pods), ")")});
  return out;
}

std::vector<Signal> CapacitySignals(const Target& t, const SignalOptions& o) {
  const SaturationMetrics& s = t.metrics.saturation;
  std::vector<Signal> out;
  std::string predicted = absl::StrCat(
      "predict_linear(", ContainerSeries(t, s.memory_working_set, o.service), "[1h], 4 * 3600)");
  out.push_back({"memory_limit_ratio_4h", "Memory / limit, predicted in 4h", "percentunit",
                 MemoryRatio(t, predicted, o.service)});
  if (s.volume_used.name.empty()) return out;
  std::vector<Matcher> m;
  AddCluster(t, m);
  m.push_back({s.namespace_label, "=", t.ns});
  auto by_volume = [&](const std::string& inner) {
    return absl::StrCat("sum by (", s.namespace_label, ", ", s.volume_label, ") (", inner, ")");
  };
  auto sel = [&](const MetricRef& ref) {
    std::vector<Matcher> all;
    for (const auto& [label, value] : ref.match) all.push_back({label, "=", value});
    all.insert(all.end(), m.begin(), m.end());
    return MetricSelector(ref, all);
  };
  out.push_back({"disk_used_ratio_24h", "Volume used / capacity, predicted in 24h", "percentunit",
                 absl::StrCat("max by (", s.volume_label, ") (",
                              by_volume(absl::StrCat("predict_linear(", sel(s.volume_used),
                                                     "[6h], 24 * 3600)")),
                              " / ", by_volume(sel(s.volume_capacity)), ")")});
  return out;
}

}  // namespace paved::monitoring
