// Monitoring generated for 1,000 namespaces, in process (Google Benchmark): the targets read from
// SQLite in a fixed number of queries (projects, namespace claims, deploy targets, deployments,
// latest specs, each spec parsed), then the Prometheus rule file of all of them. Target: targets
// + rules under 1 s. The store lives in a temporary directory removed at exit.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>

#include "bench/bench_support.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/clock.h"
#include "deploy/platform/platform_store.h"
#include "deploy/spec/spec_store.h"
#include "monitoring/rules/rule_file.h"
#include "monitoring/targets.h"

namespace {

using paved::monitoring::MonitoringConfig;

constexpr int kNamespaces = 1000;
constexpr int kTeams = 50;

const char kSpec[] = R"(apiVersion: paved.dev/v1
services:
  web: {image: registry.example.com/web, port: 8080}
  api: {image: registry.example.com/api, port: 8081}
workers:
  jobs: {image: registry.example.com/jobs}
monitoring:
  slo: {availability: 99.95, latency: {percent: 99, ms: 250}}
)";

absl::Status Seed(paved::store::Store& store) {
  paved::FakeClock clock;
  paved::catalog::TeamStore teams(&store, &clock);
  paved::catalog::ProjectStore projects(&store, &clock);
  paved::deploy::spec::SpecStore specs(&store, &clock);
  paved::deploy::platform::PlatformStore platform(&store, &clock);
  return store.Transaction([&](paved::store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(platform.PutCluster(tx, {.name = "prod-eu",
                                             .region = "eu-west-1",
                                             .environment = "production",
                                             .runtime = "kubernetes",
                                             .endpoint = "https://k8s.example.com",
                                             .credentials = "env:KUBECONFIG"}));
    std::vector<std::string> team_ids;
    for (int i = 0; i < kTeams; ++i) {
      paved::catalog::Team t{.slug = "team-" + std::to_string(i), .name = "Team"};
      RETURN_IF_ERROR(teams.Create(tx, t));
      team_ids.push_back(t.id);
    }
    for (int i = 0; i < kNamespaces; ++i) {
      paved::catalog::Project p{.slug = "svc-" + std::to_string(i), .name = "Service"};
      p.owner_team_id = team_ids[i % kTeams];
      p.created_by = "bench";
      RETURN_IF_ERROR(projects.Create(tx, p));
      RETURN_IF_ERROR(platform.SetTargets(tx, p.id, {"prod-eu"}));
      bool created = false;
      RETURN_IF_ERROR(specs.Put(tx, p.id, kSpec, "bench", "", &created).status());
    }
    return absl::OkStatus();
  });
}

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<paved::store::Store> store;
  MonitoringConfig config;

  Fixture() {
    dir = std::filesystem::temp_directory_path() / "paved-monitoring-bench";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto opened = paved::bench::OpenMigratedStore("sqlite://" + (dir / "bench.db").string());
    absl::Status s = opened.ok() ? Seed(**opened) : opened.status();
    if (!s.ok()) {
      std::fprintf(stderr, "seed: %s\n", s.ToString().c_str());
      std::exit(1);
    }
    store = std::move(*opened);
  }
  ~Fixture() {
    store.reset();
    std::filesystem::remove_all(dir);
  }
};

Fixture& Shared() {
  static Fixture* f = new Fixture();
  return *f;
}

void BM_AllTargets(benchmark::State& state) {
  Fixture& f = Shared();
  size_t n = 0;
  for (auto _ : state) {
    auto targets = paved::monitoring::AllTargets(*f.store, f.config);
    if (!targets.ok()) state.SkipWithError(targets.status().ToString().c_str());
    n = targets.ok() ? targets->size() : 0;
  }
  state.counters["namespaces"] = static_cast<double>(n);
}
BENCHMARK(BM_AllTargets)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_RuleFile(benchmark::State& state) {
  Fixture& f = Shared();
  auto targets = paved::monitoring::AllTargets(*f.store, f.config);
  if (!targets.ok()) return state.SkipWithError(targets.status().ToString().c_str());
  size_t bytes = 0;
  for (auto _ : state) {
    bytes = paved::monitoring::rules::RenderRuleFile(*targets, f.config).size();
  }
  state.counters["namespaces"] = static_cast<double>(targets->size());
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK(BM_RuleFile)->Unit(benchmark::kMillisecond)->Iterations(5);

// Both, as `paved monitoring render` does for the whole platform.
void BM_TargetsAndRules(benchmark::State& state) {
  Fixture& f = Shared();
  for (auto _ : state) {
    auto targets = paved::monitoring::AllTargets(*f.store, f.config);
    if (!targets.ok()) return state.SkipWithError(targets.status().ToString().c_str());
    benchmark::DoNotOptimize(paved::monitoring::rules::RenderRuleFile(*targets, f.config));
  }
}
BENCHMARK(BM_TargetsAndRules)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  delete &Shared();
  return 0;
}
