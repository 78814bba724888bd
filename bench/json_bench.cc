// JSON cost of the hottest API answers (nlohmann-json): one project, a page of 50 projects.
#include <string>

#include "benchmark/benchmark.h"
#include "nlohmann/json.hpp"

namespace {

nlohmann::json Project(int i) {
  const std::string slug = "bench-" + std::to_string(10000 + i).substr(1);
  return {{"id", "01JD3K6Z8Q4W2V7N5M9X" + std::to_string(i)},
          {"slug", slug},
          {"name", "Bench project " + std::to_string(i)},
          {"description", "Created by the API load test"},
          {"owner_team", "bench"},
          {"created_by", "admin"},
          {"created_at", "2026-11-24T23:26:46.123Z"},
          {"updated_at", "2026-11-24T23:26:46.123Z"}};
}

nlohmann::json Page(int size) {
  nlohmann::json items = nlohmann::json::array();
  for (int i = 0; i < size; ++i) items.push_back(Project(i));
  return {{"items", std::move(items)}, {"next_cursor", "bench-00050"}};
}

void BM_DumpProject(benchmark::State& state) {
  const nlohmann::json project = Project(42);
  for (auto _ : state) benchmark::DoNotOptimize(project.dump());
}
BENCHMARK(BM_DumpProject);

void BM_BuildAndDumpPage(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Page(static_cast<int>(state.range(0))).dump());
}
BENCHMARK(BM_BuildAndDumpPage)->Arg(50)->Arg(500);

void BM_ParsePage(benchmark::State& state) {
  const std::string text = Page(static_cast<int>(state.range(0))).dump();
  for (auto _ : state) benchmark::DoNotOptimize(nlohmann::json::parse(text));
  state.SetBytesProcessed(static_cast<int64_t>(text.size()) * state.iterations());
}
BENCHMARK(BM_ParsePage)->Arg(50);

}  // namespace

BENCHMARK_MAIN();
