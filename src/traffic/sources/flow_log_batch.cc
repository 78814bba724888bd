#include "traffic/sources/flow_log_batch.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "traffic/analyze.h"

namespace paved::traffic::sources {
namespace {

using paved::sources::FileSource;
using paved::sources::SourceFile;

bool Crosses(const TrafficEdge& e) {
  return e.cross_zone_bytes > 0 ||
         (!e.src_zone.empty() && !e.dst_zone.empty() && e.src_zone != e.dst_zone);
}

// A failure of the file itself (recorded, the batch goes on) rather than of the source.
bool IsFileFailure(const absl::Status& status) {
  return absl::IsInvalidArgument(status) || absl::IsNotFound(status) ||
         absl::IsFailedPrecondition(status) || absl::IsResourceExhausted(status) ||
         absl::IsOutOfRange(status) || absl::IsDataLoss(status);
}

absl::Status Renamed(const absl::Status& status, const std::string& path,
                     const std::string& display) {
  if (status.ok() || path.empty()) return status;
  // The scanner names a file by its file name, a copy's being "fetch-<id>.log".
  const std::string file_name = std::filesystem::path(path).filename().string();
  return absl::Status(status.code(), absl::StrReplaceAll(status.message(),
                                                         {{path, display}, {file_name, display}}));
}

}  // namespace

void ReportSum::Add(const TrafficReport& report) {
  absl::MutexLock lock(&mu_);
  for (const TrafficEdge& e : report.flows) {
    TrafficEdge& into = flows_[{e.src, e.dst, e.src_zone, e.dst_zone}];
    if (into.src.empty() && into.dst.empty()) {
      into.src = e.src;
      into.dst = e.dst;
      into.src_zone = e.src_zone;
      into.dst_zone = e.dst_zone;
    }
    into.cross_zone_bytes += e.cross_zone_bytes;
    for (const auto& [day, bytes] : e.bytes_by_day) into.bytes_by_day[day] += bytes;
  }
  TrafficCounts& c = totals_.counts;
  c.counted_records += report.counts.counted_records;
  c.lines += report.counts.lines;
  c.files += report.counts.files;
  c.uncompressed_bytes += report.counts.uncompressed_bytes;
  c.undirected_records += report.counts.undirected_records;
  totals_.src_no_pod_bytes += report.src_no_pod_bytes;
  totals_.dst_no_pod_bytes += report.dst_no_pod_bytes;
  totals_.rejected_egress_bytes += report.rejected_egress_bytes;
}

TrafficReport ReportSum::OnDays(const std::set<std::string>& days) const {
  absl::MutexLock lock(&mu_);
  TrafficReport out = totals_;
  for (const auto& [key, edge] : flows_) {
    TrafficEdge kept = edge;
    kept.bytes = 0;
    std::erase_if(kept.bytes_by_day, [&](const auto& d) { return !days.contains(d.first); });
    for (const auto& [day, bytes] : kept.bytes_by_day) kept.bytes += bytes;
    if (kept.bytes == 0) continue;
    kept.cross_zone_bytes = Crosses(edge) ? kept.bytes : 0;
    out.total_bytes += kept.bytes;
    out.total_cross_zone_bytes += kept.cross_zone_bytes;
    out.flows.push_back(std::move(kept));
  }
  SortFlows(out.flows);
  return out;
}

std::set<std::string> DaysOf(const TrafficReport& report) {
  std::set<std::string> days;
  for (const TrafficEdge& e : report.flows) {
    for (const auto& [day, bytes] : e.bytes_by_day) days.insert(day);
  }
  return days;
}

absl::Status AnalyzeBatch(FileSource& source, const std::vector<SourceFile>& files,
                          const PodHistory& pods, const std::string& scratch_dir, int threads,
                          ReportSum& sum, std::vector<FileOutcome>& outcomes) {
  outcomes.assign(files.size(), {});
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  absl::Mutex mu;
  absl::Status failure;
  auto work = [&] {
    for (size_t i = next++; i < files.size() && !stop; i = next++) {
      const std::string display = absl::StrCat(source.name(), ":", files[i].key);
      absl::StatusOr<paved::sources::FetchedFile> copy = source.Copy(files[i], scratch_dir);
      absl::StatusOr<TrafficReport> report = copy.ok()
                                                 ? Analyze({copy->path()}, pods, {.threads = 1})
                                                 : absl::StatusOr<TrafficReport>(copy.status());
      absl::Status status = Renamed(report.status(), copy.ok() ? copy->path() : "", display);
      if (status.ok()) {
        outcomes[i].days = DaysOf(*report);
        sum.Add(*report);
      } else if (IsFileFailure(status)) {
        outcomes[i].status = std::move(status);
      } else {
        absl::MutexLock lock(&mu);
        if (failure.ok()) failure = std::move(status);
        stop = true;
      }
    }
  };
  threads = std::clamp<int>(threads, 1, std::max<int>(1, static_cast<int>(files.size())));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) workers.emplace_back(work);
  for (std::thread& w : workers) w.join();
  absl::MutexLock lock(&mu);
  return failure;
}

}  // namespace paved::traffic::sources
