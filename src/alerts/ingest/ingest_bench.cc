// In-process ingest throughput: parse + Ingest from 8 threads, single alerts and batches of 100,
// new (durable writes, group commit) and repeated (index hits). Not a test: prints numbers.
// Usage: alerts_ingest_bench [sqlite|postgres]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "alerts/ingest/ingestor.h"
#include "alerts/ingest/parse.h"
#include "nlohmann/json.hpp"
#include "store/migrate.h"
#include "tests/support/test_databases.h"

namespace paved::alerts {
namespace {

constexpr int kThreads = 8;

std::string Body(int first, int count, int variant) {
  nlohmann::json body = nlohmann::json::array();
  for (int i = first; i < first + count; ++i) {
    body.push_back(
        {{"labels",
          {{"alertname", "KubePodNotReady"},
           {"namespace", "ns-" + std::to_string(i % 500)},
           {"cluster", "kr1-prod"},
           {"pod", "pod-" + std::to_string(i)},
           {"severity", "warning"}}},
         {"annotations",
          {{"summary", "Pod has been in a non-ready state for longer than 15 minutes."},
           {"runbook_url", "https://runbooks.example.com/KubePodNotReady"},
           {"variant", std::to_string(variant)}}},
         {"startsAt", "2026-11-20T03:12:00.000Z"},
         {"generatorURL", "http://prometheus.example.com/graph?g0.expr=kube_pod_status_ready"}});
  }
  return body.dump();
}

long RssKiB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// Each thread posts `per_thread` bodies of `batch` alerts; returns alerts per second.
double Run(Ingestor& ingestor, const Clock& clock, int per_thread, int batch, int variant,
           int offset) {
  std::vector<std::vector<std::string>> bodies(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < per_thread; ++i) {
      bodies[t].push_back(Body(offset + (t * per_thread + i) * batch, batch, variant));
    }
  }
  std::atomic<int> failures{0};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (const std::string& body : bodies[t]) {
        auto alerts = ParsePostableAlerts(body, clock.NowMs());
        if (!alerts.ok() || !ingestor.Ingest("prometheus", std::move(*alerts)).ok()) failures++;
      }
    });
  }
  for (auto& th : threads) th.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (failures) std::printf("  %d failures\n", failures.load());
  return kThreads * per_thread * batch / secs;
}

int Main(int argc, char** argv) {
  store::Engine engine = argc > 1 && std::string(argv[1]) == "postgres" ? store::Engine::kPostgres
                                                                        : store::Engine::kSqlite;
  auto url = test_support::NewDatabaseUrl(engine);
  if (!url.ok()) return std::printf("%s\n", url.status().ToString().c_str()), 1;
  auto st = store::OpenStore(*url);
  if (!st.ok() || !store::Migrate(**st, store::AllMigrations()).ok()) return 1;
  store::Store* store = st->get();
  const Clock& clock = *SystemClock::Get();
  jobs::JobQueue queue(store, &clock);
  AlertStore alerts(store, &queue, &clock, 0);
  catalog::OwnerLookup owners(store);
  AlertsConfig config;
  AlertsDeps deps{.store = store,
                  .clock = &clock,
                  .queue = &queue,
                  .config = &config,
                  .alerts = &alerts,
                  .owners = &owners};
  Ingestor ingestor(deps);
  if (!ingestor.Start().ok()) return 1;
  std::printf("engine %s, %d threads\n", test_support::EngineName(engine).c_str(), kThreads);
  std::printf("new, single-alert requests:     %8.0f alerts/s\n",
              Run(ingestor, clock, 2000, 1, 0, 0));
  std::printf("repeat, single-alert requests:  %8.0f alerts/s\n",
              Run(ingestor, clock, 2000, 1, 0, 0));
  std::printf("new, batches of 100:            %8.0f alerts/s\n",
              Run(ingestor, clock, 125, 100, 0, 1'000'000));
  std::printf("changed, batches of 100:        %8.0f alerts/s\n",
              Run(ingestor, clock, 125, 100, 1, 1'000'000));
  std::printf("repeat, batches of 100:         %8.0f alerts/s\n",
              Run(ingestor, clock, 125, 100, 1, 1'000'000));
  std::printf("index %zu alerts, RSS %ld MiB\n", ingestor.IndexSize(), RssKiB() / 1024);
  ingestor.Stop();
  return 0;
}

}  // namespace
}  // namespace paved::alerts

int main(int argc, char** argv) { return paved::alerts::Main(argc, argv); }
