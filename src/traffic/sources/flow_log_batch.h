#pragma once

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "sources/file_source.h"
#include "traffic/pod_history.h"
#include "traffic/traffic_report.h"

namespace paved::traffic::sources {

// Reports of several flow-log files summed into one. Thread-safe.
class ReportSum {
 public:
  void Add(const TrafficReport& report) ABSL_LOCKS_EXCLUDED(mu_);
  // The sum with only the bytes of `days` kept in its flows (totals and cross-zone bytes
  // recomputed, flows left without bytes dropped, sorted as TrafficReport says); the counts and
  // the unattributed and rejected bytes are those of every file added.
  TrafficReport OnDays(const std::set<std::string>& days) const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  mutable absl::Mutex mu_;
  std::map<Key, TrafficEdge> flows_ ABSL_GUARDED_BY(mu_);
  TrafficReport totals_ ABSL_GUARDED_BY(mu_);  // its counts and unattributed bytes only
};

// The UTC days a report's flows started on.
std::set<std::string> DaysOf(const TrafficReport& report);

// What became of one file of a batch.
struct FileOutcome {
  absl::Status status;         // the file's own failure (a broken line, gone), else OK
  std::set<std::string> days;  // DaysOf its report when it was read
};

// Reads each of `files` of `source` — copied or downloaded into `scratch_dir` one at a time per
// thread and removed when read — and analyses it alone on one of `threads` threads (so the
// batch uses every core and memory stays at `threads` files' edges plus the sum), adding each
// report that reads to `sum`. `outcomes[i]` is what became of `files[i]`. An error naming a
// scratch path names "<source>:<key>" instead. Returns an error (and stops) only when the source
// or the scratch directory fails (Unavailable, Internal, ...), not when a file does.
absl::Status AnalyzeBatch(paved::sources::FileSource& source,
                          const std::vector<paved::sources::SourceFile>& files,
                          const PodHistory& pods, const std::string& scratch_dir, int threads,
                          ReportSum& sum, std::vector<FileOutcome>& outcomes);

}  // namespace paved::traffic::sources
