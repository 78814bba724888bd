#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "traffic/flow_log_format.h"
#include "traffic/line_fields.h"
#include "traffic/pod_history.h"

namespace paved::traffic {

// One pod → pod edge on one UTC day, packed in 64 bits: workload ids below 2^20 and zone ids below
// 2^5 (PodHistory's limits), the day as days since 2015-01-01 below 2^14 (flow logs begin in
// 2015; the analysis refuses records outside 2015–2059).
struct EdgeKey {
  static constexpr int64_t kFirstDay = 16436;  // 2015-01-01, days since 1970-01-01
  static constexpr int64_t kDays = 1 << 14;

  uint64_t bits = 0;  // src << 44 | dst << 24 | src zone << 19 | dst zone << 14 | day

  static EdgeKey Of(uint64_t src, uint64_t dst, uint64_t src_zone, uint64_t dst_zone, int64_t day) {
    return {src << 44 | dst << 24 | src_zone << 19 | dst_zone << 14 |
            static_cast<uint64_t>(day - kFirstDay)};
  }
  uint32_t src() const { return static_cast<uint32_t>(bits >> 44); }
  uint32_t dst() const { return static_cast<uint32_t>(bits >> 24) & 0xfffff; }
  uint32_t src_zone() const { return static_cast<uint32_t>(bits >> 19) & 0x1f; }
  uint32_t dst_zone() const { return static_cast<uint32_t>(bits >> 14) & 0x1f; }
  int64_t day() const { return static_cast<int64_t>(bits & 0x3fff) + kFirstDay; }
  EdgeKey AllDays() const { return {bits & ~uint64_t{0x3fff}}; }

  bool operator==(const EdgeKey&) const = default;
  template <typename H>
  friend H AbslHashValue(H h, const EdgeKey& k) {
    return H::combine(std::move(h), k.bits);
  }
};

// What one thread has summed; tallies of several threads are merged at the end.
struct ScanTally {
  absl::flat_hash_map<EdgeKey, int64_t> edges;
  int64_t src_no_pod_bytes = 0, dst_no_pod_bytes = 0, rejected_egress_bytes = 0;
  int64_t counted_records = 0, lines = 0, undirected_records = 0, uncompressed_bytes = 0;

  void Merge(const ScanTally& other);
};

// Adds bytes to a tally's edges a few records late: each key's slot is prefetched when it comes
// and summed once kDepth more have come, so the map's cache misses (tens of thousands of
// edge-days, spread) overlap the parsing of the records between.
class EdgeSums {
 public:
  explicit EdgeSums(absl::flat_hash_map<EdgeKey, int64_t>& edges) : edges_(edges) {}

  void Add(EdgeKey key, int64_t bytes) {
    edges_.prefetch(key);
    Pending& slot = pending_[next_ % kDepth];
    if (next_ >= kDepth) edges_[slot.key] += slot.bytes;
    slot = {key, bytes};
    ++next_;
  }
  // Sums what is pending: the map is whole after this.
  void Flush() {
    for (size_t i = next_ > kDepth ? next_ - kDepth : 0; i < next_; ++i) {
      edges_[pending_[i % kDepth].key] += pending_[i % kDepth].bytes;
    }
    next_ = 0;
  }

 private:
  static constexpr size_t kDepth = 16;
  struct Pending {
    EdgeKey key;
    int64_t bytes = 0;
  };
  absl::flat_hash_map<EdgeKey, int64_t>& edges_;
  Pending pending_[kDepth];
  size_t next_ = 0;  // records added since the last flush
};

// A broken record: where its line starts in the scanned text, the field and what is wrong.
struct LineError {
  size_t offset = 0;
  std::string field;
  std::string what;
};

// Sums the records of flow-log text into a tally (the rules are in docs/traffic.md). Looks only
// at the fields the format needs, allocates nothing per record.
class RecordScanner {
 public:
  RecordScanner(const PodHistory& pods, ScanTally& tally)
      : pods_(pods), tally_(tally), edges_(tally.edges) {}

  // Scans every line of `text` (lines end at '\n'; the last one may lack it). On a broken record
  // returns false with `error` set; the lines before it are summed. The tally is whole after.
  bool ScanLines(std::string_view text, const FlowLogFormat& format, LineError& error);

 private:
  struct Fields;
  bool ScanLine(const Fields& fields, const FlowLogFormat& format, size_t offset, LineError& error);
  bool ScanRecord(const Fields& fields, const FlowLogFormat& format, LineError& error);
  void Attribute(IpKey src, IpKey dst, bool src_known, bool dst_known, int64_t start,
                 int64_t bytes);

  const PodHistory& pods_;
  ScanTally& tally_;
  EdgeSums edges_;
  LineFields line_fields_;
};

// A part of a flow-log file to scan: a whole gzip file, or the lines of a plain file that start in
// [begin, end).
struct ScanUnit {
  size_t file = 0;  // index into the file list
  bool gzip = false;
  int64_t begin = 0, end = 0;
};

// A plain file's header, and where its records start.
struct PlainFileHead {
  FlowLogFormat format;
  int64_t data_begin = 0;  // the byte after the header line
  int64_t size = 0;
};
absl::StatusOr<PlainFileHead> ReadPlainHead(const std::filesystem::path& path);

class GzipLines;

// A thread's memory, reused from one gzip file to the next (9 MiB), made for the first one.
struct ScanBuffers {
  ScanBuffers();
  ~ScanBuffers();
  std::unique_ptr<GzipLines> gzip;
};

// Scans the lines of `path` that start in [begin, end), with the file's `head` (the file mapped,
// not read: it must not shrink meanwhile). A line longer than 8 MiB is InvalidArgument.
absl::Status ScanPlainRange(const std::filesystem::path& path, const PlainFileHead& head,
                            int64_t begin, int64_t end, RecordScanner& scanner);

// Scans a whole gzip file (several members allowed), streaming through ISA-L.
absl::Status ScanGzipFile(const std::filesystem::path& path, RecordScanner& scanner,
                          ScanTally& tally, ScanBuffers& buffers);

}  // namespace paved::traffic
