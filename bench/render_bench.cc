// Render + policy check of a 20-component project for 8 clusters (4 production with istio, 4
// alpha without a mesh). One iteration of BM_RenderAndCheck is one (project, cluster).
#include <benchmark/benchmark.h>

#include "deploy/policy/checker.h"
#include "deploy/render/renderer.h"
#include "deploy/render/testing/render_fixture.h"

namespace {

namespace render = paved::deploy::render;
namespace platform = paved::deploy::platform;

struct Target {
  platform::Environment env;
  platform::Cluster cluster;
};

std::vector<Target> EightClusters() {
  std::vector<Target> out;
  for (int i = 0; i < 4; ++i) {
    platform::Cluster prod = render::testing::ProductionCluster();
    prod.name += "-" + std::to_string(i);
    out.push_back({render::testing::ProductionEnvironment(), prod});
    platform::Cluster alpha = render::testing::AlphaCluster();
    alpha.name += "-" + std::to_string(i);
    out.push_back({render::testing::AlphaEnvironment(), alpha});
  }
  return out;
}

// Runs `step` for each iteration on the next (project, cluster); reports objects/s.
template <typename Step>
void Run(benchmark::State& state, Step step) {
  const auto spec = render::testing::LargeSpec(20);
  const auto standards = render::testing::FixtureStandards();
  const auto targets = EightClusters();
  std::vector<render::RenderInput> inputs;
  for (const auto& t : targets) {
    inputs.push_back(render::testing::FixtureInput(spec, t.env, t.cluster));
  }
  const paved::deploy::policy::PolicyConfig config;
  size_t i = 0;
  int64_t objects = 0;
  for (auto _ : state) {
    const render::RenderInput& in = inputs[i++ % inputs.size()];
    auto rendered = render::Render(in, standards);
    if (!rendered.ok()) {
      state.SkipWithError(std::string(rendered.status().message()).c_str());
      return;
    }
    objects += static_cast<int64_t>(rendered->size());
    step(in, *rendered, config);
  }
  state.counters["objects/s"] =
      benchmark::Counter(static_cast<double>(objects), benchmark::Counter::kIsRate);
  state.counters["objects/cluster"] =
      static_cast<double>(objects) / static_cast<double>(state.iterations());
}

void BM_Render(benchmark::State& state) {
  Run(state, [](const auto&, const auto& objects, const auto&) {
    benchmark::DoNotOptimize(objects.data());
  });
}
BENCHMARK(BM_Render)->Unit(benchmark::kMicrosecond);

void BM_RenderAndCheck(benchmark::State& state) {
  Run(state, [](const render::RenderInput& in, const auto& objects, const auto& config) {
    auto findings = paved::deploy::policy::CheckObjects(objects, in.environment.name, config);
    benchmark::DoNotOptimize(findings.data());
  });
}
BENCHMARK(BM_RenderAndCheck)->Unit(benchmark::kMicrosecond);

// What GET /manifests does on top: the YAML and its hash.
void BM_RenderCheckYamlHash(benchmark::State& state) {
  Run(state, [](const render::RenderInput& in, const auto& objects, const auto& config) {
    auto findings = paved::deploy::policy::CheckObjects(objects, in.environment.name, config);
    benchmark::DoNotOptimize(findings.data());
    std::string hash = render::ManifestHash(objects);
    benchmark::DoNotOptimize(hash.data());
  });
}
BENCHMARK(BM_RenderCheckYamlHash)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
