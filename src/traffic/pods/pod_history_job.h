#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "deploy/platform/credentials_reference.h"
#include "deploy/platform/platform_store.h"
#include "http/client.h"
#include "jobs/scheduler.h"
#include "jobs/worker_pool.h"
#include "nlohmann/json.hpp"
#include "traffic/pods/pod_history_store.h"

namespace paved::traffic::pods {

struct PodHistoryConfig {
  int64_t every_ms = 60'000;
  int page_size = 500;                // pods or nodes per list request
  int64_t max_pods = 200'000;         // per cluster and list; beyond it the sync fails
  int64_t keep_seconds = 35 * 86400;  // how long an ended pod is kept
  int64_t max_page_bytes = 64 << 20;  // a list answer's largest body
};

// The `traffic:` block of a config file (`file` is the whole file; absent: the defaults):
//   traffic: {pod_history_every_seconds: 60, pod_history_page_size: 500,
//             pod_history_max_pods: 200000, pod_history_keep_days: 35}
// InvalidArgument "config traffic.pod_history_every_seconds: ..." for a value out of range
// (every ≥ 10 s, page size 1–5000, max pods ≥ 1, keep days ≥ 1).
absl::StatusOr<PodHistoryConfig> ParsePodHistoryConfig(const nlohmann::json& file);

struct PodHistoryJobDeps {
  deploy::platform::PlatformStore* platform = nullptr;  // which clusters, and their credentials
  PodHistoryStore* pods = nullptr;
  const Clock* clock = nullptr;
  deploy::platform::CredentialsPolicy credentials;  // as the kubernetes runtime checks them
  std::string ca_dir;                               // where inline CAs are written
  std::chrono::milliseconds timeout{30'000};        // per list request
  // Makes the HTTP client of one API server; the libcurl client when empty.
  std::function<std::unique_ptr<http::Client>(const http::ClientOptions&)> new_client;
};

// The durable periodic job `traffic.pod_history`: every `config.every_ms`, on whichever replica
// claims it, each cluster whose runtime is `kubernetes` has its pods and nodes listed from its
// API server (GET /api/v1/pods and /api/v1/nodes in chunks) and recorded in the
// PodHistoryStore (see PodHistoryStore::Record for the interval rules). A cluster that cannot be
// listed keeps its stored history as it was; the failure is logged and counted.
class PodHistoryJob {
 public:
  static constexpr char kKind[] = "traffic.pod_history";

  PodHistoryJob(PodHistoryJobDeps deps, PodHistoryConfig config)
      : deps_(std::move(deps)), config_(config) {}

  // Registers the handler, and the schedule: a run every interval while a kubernetes cluster
  // exists (one added later is followed; none, and nothing is queued).
  void Register(jobs::WorkerPool& workers, jobs::Scheduler& scheduler);

  // Syncs every kubernetes cluster in turn; `heartbeat` is called between them (false: stop).
  // The first cluster's error is returned after the others had their turn.
  absl::Status RunOnce(const std::function<bool()>& heartbeat = {});

  // Lists and records one cluster.
  absl::StatusOr<RecordCounts> SyncCluster(const deploy::platform::Cluster& cluster);

  int64_t syncs() const { return syncs_.load(); }        // clusters recorded
  int64_t failures() const { return failures_.load(); }  // clusters that failed

 private:
  PodHistoryJobDeps deps_;
  PodHistoryConfig config_;
  std::atomic<int64_t> syncs_{0};
  std::atomic<int64_t> failures_{0};
};

// True when some cluster's runtime is `kubernetes`.
absl::StatusOr<bool> HasKubernetesCluster(deploy::platform::PlatformStore& platform);

}  // namespace paved::traffic::pods
