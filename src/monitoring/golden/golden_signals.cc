#include "monitoring/golden/golden_signals.h"

#include <algorithm>
#include <functional>
#include <map>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "providers/prometheus/prometheus_client.h"

namespace paved::monitoring {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;

// Ratio signals whose trend says when a resource runs out, and the resource each measures.
const std::map<std::string, std::string>& CapacityRatios() {
  static const auto* ratios = new std::map<std::string, std::string>{
      {"cpu_limit_ratio", "cpu"}, {"memory_limit_ratio", "memory"}, {"disk_used_ratio", "disk"}};
  return *ratios;
}

std::string ServiceOf(const std::map<std::string, std::string>& labels) {
  auto it = labels.find("service");
  return it == labels.end() ? "" : it->second;
}

SignalPanel ReadPanel(const PrometheusTarget& p, const SignalWindow& w, std::string group,
                      Signal signal) {
  SignalPanel panel{.group = std::move(group), .signal = std::move(signal)};
  prometheus::PrometheusClient client(p.http, p.url, p.timeout_ms);
  auto series = client.QueryRange(panel.signal.promql, w.from, w.to, w.step);
  if (!series.ok()) {
    panel.error = std::string(series.status().message());
    return panel;
  }
  for (prometheus::Series& s : *series) {
    panel.series.push_back({ServiceOf(s.labels), std::move(s.points)});
  }
  std::sort(panel.series.begin(), panel.series.end(),
            [](const SignalSeries& a, const SignalSeries& b) { return a.service < b.service; });
  return panel;
}

// The estimates of one ratio signal: its value now and its slope per second over six hours.
absl::StatusOr<std::vector<CapacityEstimate>> ReadCapacity(const PrometheusTarget& p,
                                                           const Signal& ratio,
                                                           const std::string& resource,
                                                           int64_t at) {
  prometheus::PrometheusClient client(p.http, p.url, p.timeout_ms);
  auto now = client.Query(ratio.promql, at);
  if (!now.ok()) return now.status();
  auto slope = client.Query(absl::StrCat("deriv((", ratio.promql, ")[6h:5m])"), at);
  if (!slope.ok()) return slope.status();
  std::map<std::string, double> slope_of;
  for (const prometheus::Sample& s : *slope) slope_of[ServiceOf(s.labels)] = s.value;
  std::vector<CapacityEstimate> out;
  for (const prometheus::Sample& s : *now) {
    CapacityEstimate e{.resource = resource, .service = ServiceOf(s.labels), .used = s.value};
    auto it = slope_of.find(e.service);
    if (e.used >= 1) {
      e.days_left = 0;
    } else if (it != slope_of.end() && it->second > 0) {
      e.days_left = (1 - e.used) / (it->second * kSecondsPerDay);
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

GoldenSignals ReadGoldenSignals(const PrometheusTarget& prometheus, const Target& t,
                                const SignalWindow& window) {
  GoldenSignals out;
  std::vector<std::pair<std::string, Signal>> wanted;
  for (Signal& s : RedSignals(t)) wanted.emplace_back("red", std::move(s));
  for (Signal& s : SaturationSignals(t)) wanted.emplace_back("saturation", std::move(s));
  out.panels.resize(wanted.size());

  std::vector<std::pair<Signal, std::string>> ratios;
  for (const auto& [group, s] : wanted) {
    auto it = CapacityRatios().find(s.key);
    if (it != CapacityRatios().end()) ratios.emplace_back(s, it->second);
  }
  std::vector<absl::StatusOr<std::vector<CapacityEstimate>>> estimates(
      ratios.size(), absl::UnknownError("not read"));

  absl::StatusOr<std::vector<SloStatus>> slos = absl::UnknownError("not read");

  std::vector<std::thread> threads;
  threads.reserve(wanted.size() + ratios.size() + 1);
  threads.emplace_back([&] { slos = ReadSloStatus(prometheus, t, window.to); });
  for (size_t i = 0; i < wanted.size(); ++i) {
    threads.emplace_back([&, i] {
      out.panels[i] = ReadPanel(prometheus, window, wanted[i].first, wanted[i].second);
    });
  }
  for (size_t i = 0; i < ratios.size(); ++i) {
    threads.emplace_back([&, i] {
      estimates[i] = ReadCapacity(prometheus, ratios[i].first, ratios[i].second, window.to);
    });
  }
  for (std::thread& th : threads) th.join();

  for (auto& e : estimates) {
    if (!e.ok()) {
      out.capacity_error = std::string(e.status().message());
      continue;
    }
    for (CapacityEstimate& c : *e) out.capacity.push_back(std::move(c));
  }
  if (slos.ok()) {
    out.slos = *std::move(slos);
  } else {
    out.slo_error = std::string(slos.status().message());
  }
  return out;
}

}  // namespace paved::monitoring
