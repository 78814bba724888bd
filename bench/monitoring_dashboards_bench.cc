// 1,000 project namespaces (two services each) → every Grafana dashboard Paved generates (one per
// namespace, the overall ranking, the doctors) and the Prometheus rule file of all of them.
// Target: < 1 s in total. Prints the figures and the share of each part; in process, no I/O.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "monitoring/dashboards/target_dashboards.h"
#include "monitoring/rules/rule_file.h"
#include "monitoring/testing/targets.h"

namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::vector<paved::monitoring::Target> Targets(int n) {
  std::vector<paved::monitoring::Target> out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) {
    auto t = paved::monitoring::testing::IstioTarget("ns-" + std::to_string(i));
    t.project = "project-" + std::to_string(i);
    t.services = {"api", "worker"};
    if (i % 10 == 0) t.slo.availability = 99.0;  // some namespaces with their own budget
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int namespaces = argc > 1 ? std::stoi(argv[1]) : 1000;
  const int runs = 5;
  auto targets = Targets(namespaces);
  paved::monitoring::MonitoringConfig config;
  double best_dashboards = 1e18, best_rules = 1e18, best_build = 1e18;
  size_t bytes = 0, rule_bytes = 0, count = 0;
  for (int r = 0; r < runs; ++r) {
    auto start = Clock::now();
    auto all = paved::monitoring::dashboards::DashboardsOf(targets, "https://paved.example");
    best_build = std::min(best_build, MsSince(start));
    bytes = 0;
    for (const auto& d : all) bytes += d.model.dump().size();  // as delivered (and hashed)
    count = all.size();
    best_dashboards = std::min(best_dashboards, MsSince(start));
    start = Clock::now();
    rule_bytes = paved::monitoring::rules::RenderRuleFile(targets, config).size();
    best_rules = std::min(best_rules, MsSince(start));
  }
  double total = best_dashboards + best_rules;
  std::printf("%d namespaces: %zu dashboards (%.1f MB JSON) in %.0f ms (%.0f us per namespace)\n",
              namespaces, count, bytes / 1e6, best_dashboards, 1000 * best_dashboards / namespaces);
  std::printf("  of which building the models %.0f ms, serialising them %.0f ms\n", best_build,
              best_dashboards - best_build);
  std::printf("rule file: %.1f MB in %.0f ms\n", rule_bytes / 1e6, best_rules);
  std::printf("total %.0f ms (target < 1000 ms): dashboards %.0f%%, rules %.0f%%; best of %d\n",
              total, 100 * best_dashboards / total, 100 * best_rules / total, runs);
  return total < 1000 ? 0 : 1;
}
