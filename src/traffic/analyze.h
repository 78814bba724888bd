#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "traffic/pod_history.h"
#include "traffic/traffic_report.h"

namespace paved::traffic {

struct AnalyzeOptions {
  int threads = 0;  // 0: every core
  // Plain files are cut into ranges of this many bytes that threads share.
  int64_t range_bytes = 16LL << 20;
};

// The flow-log files (`.log`, `.log.gz`) `path` stands for, sorted: the file itself, or every such
// regular file below the directory at any depth. Symlinks are neither listed nor followed.
// NotFound when `path` does not exist; InvalidArgument when a named file is not a flow log.
absl::StatusOr<std::vector<std::filesystem::path>> ListFlowLogFiles(
    const std::filesystem::path& path);

// Reads AWS VPC flow-log files (plain or gzip, any header: v2–v5 or a custom field list), streaming
// on `options.threads` threads in memory bounded by pods and edges, and attributes each egress
// ACCEPT record's bytes to the workloads holding its pkt-srcaddr / pkt-dstaddr (srcaddr / dstaddr
// when absent) at its start (docs/traffic.md has every rule). A broken record is InvalidArgument
// naming the file, the line and the field ("a.log line 7, field bytes: 'x' is not a number");
// an unreadable file is NotFound / Unavailable.
absl::StatusOr<TrafficReport> Analyze(const std::vector<std::filesystem::path>& files,
                                      const PodHistory& pods, const AnalyzeOptions& options = {});

}  // namespace paved::traffic
