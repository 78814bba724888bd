#include "traffic/analyze.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "traffic/flow_log_scanner.h"

namespace paved::traffic {
namespace {

namespace fs = std::filesystem;

bool IsFlowLogName(const fs::path& path) {
  const std::string name = path.filename().string();
  return absl::EndsWith(name, ".log") || absl::EndsWith(name, ".log.gz");
}

bool IsGzipName(const fs::path& path) { return absl::EndsWith(path.filename().string(), ".gz"); }

// The work: gzip files whole (largest first would need their sizes; they come first), plain files
// cut into ranges.
absl::StatusOr<std::vector<ScanUnit>> PlanUnits(const std::vector<fs::path>& files,
                                                const AnalyzeOptions& options,
                                                std::vector<PlainFileHead>& heads) {
  std::vector<ScanUnit> units;
  heads.assign(files.size(), {});
  for (size_t i = 0; i < files.size(); ++i) {
    if (IsGzipName(files[i])) units.push_back({.file = i, .gzip = true});
  }
  const int64_t step = std::max<int64_t>(options.range_bytes, 1);
  for (size_t i = 0; i < files.size(); ++i) {
    if (IsGzipName(files[i])) continue;
    auto head = ReadPlainHead(files[i]);
    if (!head.ok()) return head.status();
    heads[i] = *head;
    for (int64_t at = head->data_begin; at < head->size; at += step) {
      units.push_back({.file = i, .begin = at, .end = std::min(head->size, at + step)});
    }
  }
  return units;
}

// Runs the units on `threads` threads, each into its own tally; the first error stops them all.
class ScanRun {
 public:
  ScanRun(const std::vector<fs::path>& files, const std::vector<ScanUnit>& units,
          const std::vector<PlainFileHead>& heads, const PodHistory& pods)
      : files_(files), units_(units), heads_(heads), pods_(pods) {}

  absl::StatusOr<ScanTally> Run(int threads) {
    std::vector<ScanTally> tallies(static_cast<size_t>(threads));
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) workers.emplace_back([&, t] { Work(tallies[t]); });
    for (std::thread& w : workers) w.join();
    {
      absl::MutexLock lock(&mu_);
      if (!error_.ok()) return error_;
    }
    for (size_t t = 1; t < tallies.size(); ++t) tallies[0].Merge(tallies[t]);
    return std::move(tallies[0]);
  }

 private:
  void Work(ScanTally& tally) {
    RecordScanner scanner(pods_, tally);
    ScanBuffers buffers;
    for (size_t u = next_++; u < units_.size() && !failed_; u = next_++) {
      const ScanUnit& unit = units_[u];
      absl::Status status = unit.gzip ? ScanGzipFile(files_[unit.file], scanner, tally, buffers)
                                      : ScanPlainRange(files_[unit.file], heads_[unit.file],
                                                       unit.begin, unit.end, scanner);
      if (!status.ok()) Fail(std::move(status));
    }
  }
  void Fail(absl::Status status) {
    absl::MutexLock lock(&mu_);
    if (error_.ok()) error_ = std::move(status);
    failed_ = true;
  }

  const std::vector<fs::path>& files_;
  const std::vector<ScanUnit>& units_;
  const std::vector<PlainFileHead>& heads_;
  const PodHistory& pods_;
  std::atomic<size_t> next_{0};
  std::atomic<bool> failed_{false};
  absl::Mutex mu_;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
};

std::string DayName(int64_t day) { return absl::FormatCivilTime(absl::CivilDay(1970, 1, 1) + day); }

// The tally as a report: edges by (src, dst, src_zone, dst_zone) with their days, sorted.
TrafficReport ReportOf(const ScanTally& tally, const PodHistory& pods) {
  absl::flat_hash_map<EdgeKey, TrafficEdge> edges;      // day 0: all days
  absl::flat_hash_map<int64_t, std::string> day_names;  // a few days, named once each
  for (const auto& [key, bytes] : tally.edges) {
    TrafficEdge& edge = edges[key.AllDays()];
    edge.bytes += bytes;
    auto [day, added] = day_names.try_emplace(key.day());
    if (added) day->second = DayName(key.day());
    edge.bytes_by_day[day->second] += bytes;
    if (!edge.src.empty()) continue;
    edge.src = pods.workloads()[key.src()];
    edge.dst = pods.workloads()[key.dst()];
    edge.src_zone = pods.zones()[key.src_zone()];
    edge.dst_zone = pods.zones()[key.dst_zone()];
  }
  TrafficReport report;
  for (auto& [key, edge] : edges) {
    bool cross = key.src_zone() != 0 && key.dst_zone() != 0 && key.src_zone() != key.dst_zone();
    edge.cross_zone_bytes = cross ? edge.bytes : 0;
    report.total_bytes += edge.bytes;
    report.total_cross_zone_bytes += edge.cross_zone_bytes;
    report.flows.push_back(std::move(edge));
  }
  SortFlows(report.flows);
  report.src_no_pod_bytes = tally.src_no_pod_bytes;
  report.dst_no_pod_bytes = tally.dst_no_pod_bytes;
  report.rejected_egress_bytes = tally.rejected_egress_bytes;
  report.counts = {.counted_records = tally.counted_records,
                   .lines = tally.lines,
                   .uncompressed_bytes = tally.uncompressed_bytes,
                   .undirected_records = tally.undirected_records};
  return report;
}

}  // namespace

absl::StatusOr<std::vector<fs::path>> ListFlowLogFiles(const fs::path& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return absl::NotFoundError("no such file: " + path.string());
  if (S_ISREG(st.st_mode)) {
    if (!IsFlowLogName(path)) {
      return absl::InvalidArgumentError(path.string() + ": not a flow log (.log or .log.gz)");
    }
    return std::vector<fs::path>{path};
  }
  if (!S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(path.string() + ": not a regular file or directory");
  }
  std::error_code ec;
  // Never follows a symlinked directory; symlinked files are skipped below.
  fs::recursive_directory_iterator it(path, fs::directory_options::none, ec);
  std::vector<fs::path> out;
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (IsFlowLogName(it->path())) out.push_back(it->path());
  }
  if (ec) return absl::UnavailableError(absl::StrCat(path.string(), ": ", ec.message()));
  std::sort(out.begin(), out.end());
  return out;
}

absl::StatusOr<TrafficReport> Analyze(const std::vector<fs::path>& files, const PodHistory& pods,
                                      const AnalyzeOptions& options) {
  std::vector<PlainFileHead> heads;
  auto units = PlanUnits(files, options, heads);
  if (!units.ok()) return units.status();
  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::clamp<int>(threads, 1, std::max<int>(1, static_cast<int>(units->size())));
  ScanRun run(files, *units, heads, pods);
  auto tally = run.Run(threads);
  if (!tally.ok()) return tally.status();
  for (const PlainFileHead& head : heads) tally->uncompressed_bytes += head.size;
  TrafficReport report = ReportOf(*tally, pods);
  report.counts.files = static_cast<int64_t>(files.size());
  return report;
}

}  // namespace paved::traffic
