// The flow-log analyser end to end on generated logs: pods.json and nodes.json read, every file
// scanned on every core, the report built. Prints MB/s, lines/s and peak RSS, and checks the
// result against the generator's expected.json. Also prints the CPU time of the timed part (all
// threads), steadier than the wall time when other work shares the cores.
//   build/bench/traffic_analyze_bench DIR [THREADS=0 (every core)]
// DIR as bench/traffic_flow_gen writes it (pods.json, nodes.json, expected.json, logs/).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "bench/proc_status.h"
#include "nlohmann/json.hpp"
#include "traffic/analyze.h"

namespace fs = std::filesystem;
using namespace paved::traffic;

// User and system CPU seconds of the process so far.
double CpuSeconds() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [THREADS]\n", argv[0]);
    return 2;
  }
  const fs::path dir = argv[1];
  const int threads = argc > 2 ? std::atoi(argv[2]) : 0;
  auto begin = std::chrono::steady_clock::now();
  auto pods = PodHistory::Load(dir / "pods.json", dir / "nodes.json");
  if (!pods.ok()) return std::fprintf(stderr, "%s\n", pods.status().ToString().c_str()), 1;
  auto files = ListFlowLogFiles(dir / "logs");
  if (!files.ok()) return std::fprintf(stderr, "%s\n", files.status().ToString().c_str()), 1;
  auto report = Analyze(*files, *pods, {.threads = threads});
  if (!report.ok()) return std::fprintf(stderr, "%s\n", report.status().ToString().c_str()), 1;
  std::string json = ReportJson(*report);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  const double cpu_seconds = CpuSeconds();
  const long rss_mib = paved::bench::ProcStatusKb("VmHWM:") / 1024;  // before the check below
  std::ifstream expected_file(dir / "expected.json");
  bool same = nlohmann::json::parse(json) == nlohmann::json::parse(expected_file);
  const TrafficCounts& c = report->counts;
  double mb = static_cast<double>(c.uncompressed_bytes) / 1e6;
  std::printf(
      "paved: %lld lines, %.0f MB in %.3f s: %.0f MB/s, %.2f M lines/s, CPU %.3f s (%.0f MB/s "
      "a core), %zu edges, %zu pod intervals, peak RSS %ld MiB, result %s expected.json\n",
      static_cast<long long>(c.lines), mb, seconds, mb / seconds, c.lines / seconds / 1e6,
      cpu_seconds, mb / cpu_seconds, report->flows.size(), pods->interval_count(), rss_mib,
      same ? "equals" : "DIFFERS FROM");
  std::printf("paved_seconds=%.3f\n", seconds);
  return same ? 0 : 1;
}
