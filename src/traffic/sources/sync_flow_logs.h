#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sources/file_source.h"
#include "traffic/edges/store_analysis.h"
#include "traffic/pod_history.h"
#include "traffic/sources/source_file_store.h"

namespace paved::traffic::sources {

// The pod history to attribute flows of [from, to] (Unix seconds) with.
using PodsFor =
    std::function<absl::StatusOr<std::shared_ptr<const PodHistory>>(int64_t from, int64_t to)>;

// Flow logs are written by AWS within minutes of their records; the pod history asked for
// starts this long before the oldest new file was written.
inline constexpr int64_t kRecordLagSeconds = 86'400;

struct FlowSyncDeps {
  edges::StoreAnalysisDeps analysis;
  SourceFileStore* files = nullptr;
  std::string actor = "job:traffic.sources";
  int threads = 0;  // 0: every core
};

struct FlowSyncResult {
  int analysed = 0;         // new or changed files read and stored
  int failed = 0;           // new or changed files refused (each in `errors`)
  int unchanged = 0;        // files already analysed (or refused) at their version
  int reread = 0;           // unchanged files read again because they share a day with a new one
  std::string analysis_id;  // the analysis stored; "" when none was
  std::vector<std::string> errors;  // "key: message" of each refused file
};

// Analyses the files of `logs` (flow logs of `cluster`) not analysed at their current version
// (table traffic_source_files) and stores them as one analysis named after the source
// (edges::StoreAnalysis, which replaces the cluster's rows on each day it covers). So that a
// day's earlier files are not wiped, every already analysed file of the source whose flows fall
// on a day the new files touch (or a changed file touched before) is read again, and the
// analysis keeps only those days. Nothing new: no analysis. A file that cannot be read or has a
// broken line is recorded as failed with its error, tried again only once it changes, and the
// others go in. Fails (storing nothing) when the source cannot be listed or read, when `pods`
// fails, or when the store cannot be written.
absl::StatusOr<FlowSyncResult> SyncFlowLogs(const FlowSyncDeps& deps,
                                            paved::sources::FileSource& logs,
                                            const std::string& cluster, const PodsFor& pods,
                                            const std::string& scratch_dir);

}  // namespace paved::traffic::sources
