// Flow logs analysed as they arrive (traffic/sources): a day of gzip flow-log files in a
// directory, the first run over all of them, a run with nothing new, and a run with one more
// file of the same day (which reads the day's files again), beside Analyze over the same files
// in one call. Files under /tmp/paved-traffic-sources-bench-<pid>, removed at the end.
// usage: traffic_sources_bench [--files N] [--records N]
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "audit/audit_log.h"
#include "bench/bench_support.h"
#include "core/clock.h"
#include "sources/file_source.h"
#include "traffic/analyze.h"
#include "traffic/sources/sync_flow_logs.h"

namespace {

namespace fs = std::filesystem;
using paved::traffic::PodHistory;
using paved::traffic::PodRecord;

constexpr int64_t kDay = 1700000000 - 1700000000 % 86400;  // 2023-11-14T00:00:00Z

// `records` egress records between 64 pods (zone by parity), starting within the day.
void WriteFile(const fs::path& path, int index, int records) {
  gzFile gz = gzopen(path.c_str(), "wb1");
  std::string text =
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes "
      "start end action log-status flow-direction pkt-srcaddr pkt-dstaddr\n";
  for (int i = 0; i < records; ++i) {
    int src = (i * 7 + index) % 64, dst = (i * 13 + 5) % 64;
    int64_t start = kDay + (static_cast<int64_t>(index) * 1800 + i % 1800) % 86000;
    text += "5 1 eni-1 10.9.0.1 10.9.0.2 1 2 6 3 " + std::to_string(1000 + i % 500) + " " +
            std::to_string(start) + " " + std::to_string(start + 60) + " ACCEPT OK egress 10.0.0." +
            std::to_string(src) + " 10.0.0." + std::to_string(dst) + "\n";
    if (text.size() > (1 << 20)) {
      gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
      text.clear();
    }
  }
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
}

PodHistory Pods() {
  std::vector<PodRecord> pods;
  for (int i = 0; i < 64; ++i) {
    pods.push_back({.namespace_name = "ns" + std::to_string(i % 8),
                    .name = "w" + std::to_string(i) + "-0",
                    .owner_kind = "StatefulSet",
                    .owner_name = "w" + std::to_string(i),
                    .node_name = i % 2 ? "n1" : "n2",
                    .ips = {"10.0.0." + std::to_string(i)},
                    .start = kDay - 3600});
  }
  return PodHistory::FromRecords(pods, {{"n1", "az1"}, {"n2", "az2"}});
}

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int files = paved::bench::IntFlag(argc, argv, "--files", 24);
  const int records = paved::bench::IntFlag(argc, argv, "--records", 200000);
  const fs::path dir =
      fs::temp_directory_path() / ("paved-traffic-sources-bench-" + std::to_string(getpid()));
  fs::create_directories(dir / "logs");
  fs::create_directories(dir / "scratch");
  std::vector<fs::path> paths;
  for (int i = 0; i < files; ++i) {
    paths.push_back(dir / "logs" / ("f" + std::to_string(i) + ".log.gz"));
    WriteFile(paths.back(), i, records);
  }
  auto db = paved::bench::OpenMigratedStore("sqlite://" + (dir / "paved.db").string());
  if (!db.ok()) return std::fprintf(stderr, "%s\n", db.status().ToString().c_str()), 1;
  paved::traffic::edges::TrafficStore traffic(db->get());
  paved::audit::AuditLog audit(db->get(), paved::SystemClock::Get());
  paved::traffic::sources::SourceFileStore states(db->get());
  paved::traffic::sources::FlowSyncDeps deps{.analysis = {.store = db->get(),
                                                          .traffic = &traffic,
                                                          .audit = &audit,
                                                          .clock = paved::SystemClock::Get()},
                                             .files = &states};
  auto pods = std::make_shared<const PodHistory>(Pods());
  auto source =
      paved::sources::NewDirectorySource("bench", (dir / "logs").string(), {".log", ".log.gz"});
  auto sync = [&](const char* what) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = paved::traffic::sources::SyncFlowLogs(
        deps, *source, "prod", [&](int64_t, int64_t) { return pods; }, (dir / "scratch").string());
    double s = Since(t0);
    if (!r.ok()) std::fprintf(stderr, "%s\n", r.status().ToString().c_str()), std::exit(1);
    std::printf("%-28s %7.2f s  analysed %d, read again %d, stored %s\n", what, s, r->analysed,
                r->reread, r->analysis_id.empty() ? "nothing" : "an analysis");
    return s;
  };
  auto t0 = std::chrono::steady_clock::now();
  auto direct = paved::traffic::Analyze(paths, *pods);
  double direct_s = Since(t0);
  if (!direct.ok()) return std::fprintf(stderr, "%s\n", direct.status().ToString().c_str()), 1;
  std::printf("%d files x %d records, %.0f MB uncompressed\n", files, records,
              direct->counts.uncompressed_bytes / 1e6);
  std::printf("%-28s %7.2f s\n", "Analyze, one call", direct_s);
  double first = sync("first run, every file");
  sync("second run, nothing new");
  paths.push_back(dir / "logs" / "late.log.gz");
  WriteFile(paths.back(), files, records);
  double late = sync("one more file of the day");
  std::printf("first run / Analyze: %.2f; one more file / first run: %.2f\n", first / direct_s,
              late / first);
  fs::remove_all(dir);
  return 0;
}
