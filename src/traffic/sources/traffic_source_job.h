#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "http/client.h"
#include "jobs/scheduler.h"
#include "jobs/worker_pool.h"
#include "traffic/sources/sync_flow_logs.h"
#include "traffic/sources/traffic_source_config.h"

namespace paved::traffic::sources {

// Where a source without `pods`/`nodes` documents gets its pod history: the IP ownership
// intervals of `cluster` over [from, to] (Unix seconds), e.g. from a store that keeps the pods
// the Kubernetes API reported. May be null: such a source's runs then fail, saying so.
using PodHistoryProvider =
    std::function<absl::StatusOr<PodHistory>(const std::string& cluster, int64_t from, int64_t to)>;

struct TrafficSourceJobDeps {
  edges::StoreAnalysisDeps analysis;
  SourceFileStore* files = nullptr;
  // OK when `cluster` is known to the platform (NotFound otherwise); checked at each run's start.
  std::function<absl::Status(const std::string& cluster)> cluster_known;
  http::Client* http = nullptr;    // a bucket's requests
  std::string scratch_dir;         // downloads and copies while they are read (made when missing)
  PodHistoryProvider pod_history;  // null-able
  int threads = 0;                 // 0: every core
};

// The durable periodic job `traffic.sources`: each configured flow-log source synced in turn
// (SyncFlowLogs) every `config.every_ms`, on whichever replica claims it, and its run recorded
// (table traffic_source_runs). A source with `pods`/`nodes` keys reads them from where its logs
// are, again only when their versions change.
class TrafficSourceJob {
 public:
  static constexpr char kKind[] = "traffic.sources";

  TrafficSourceJob(TrafficSourceJobDeps deps, TrafficSourcesConfig config)
      : deps_(std::move(deps)), config_(std::move(config)) {}

  // Registers the handler (payload {"source": name}: that source only), and the schedule when
  // there is a source.
  void Register(jobs::WorkerPool& workers, jobs::Scheduler& scheduler);

  // Syncs every source, or only the one named `only`; `heartbeat` is called while it works. The
  // first source that fails is the error, after the others had their turn.
  absl::Status RunOnce(const std::function<bool()>& heartbeat, const std::string& only = "");

  const TrafficSourcesConfig& config() const { return config_; }

 private:
  absl::StatusOr<FlowSyncResult> Sync(const TrafficSourceSpec& spec);
  absl::StatusOr<std::shared_ptr<const PodHistory>> PodsOf(const TrafficSourceSpec& spec,
                                                           int64_t from, int64_t to);
  absl::StatusOr<std::shared_ptr<const PodHistory>> DocumentPods(const TrafficSourceSpec& spec);

  TrafficSourceJobDeps deps_;
  TrafficSourcesConfig config_;
  struct CachedPods {
    std::string versions;
    std::shared_ptr<const PodHistory> history;
  };
  absl::Mutex mu_;
  std::map<std::string, CachedPods> pods_ ABSL_GUARDED_BY(mu_);  // by source
};

}  // namespace paved::traffic::sources
