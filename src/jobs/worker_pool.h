#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "jobs/job_queue.h"

namespace paved::jobs {

// What a job handler gets. Handlers must be idempotent per step: a job may be re-run after a
// crash, but Complete() succeeds at most once.
struct JobContext {
  const Job& job;
  // Extends the lease; call between long steps. Returns false when the lease was lost, in which
  // case the handler should stop.
  std::function<bool()> heartbeat;
};

using JobHandler = std::function<absl::Status(JobContext&)>;

struct WorkerPoolOptions {
  std::string worker_prefix = "worker";  // worker ids are PREFIX-N; include host/pid for replicas
  int threads = 2;
  int64_t lease_ms = 30'000;
  int64_t poll_interval_ms = 200;
  int64_t base_backoff_ms = 1000;
};

// Threads that claim jobs and run the handler registered for their kind.
class WorkerPool {
 public:
  WorkerPool(JobQueue* queue, WorkerPoolOptions options);
  ~WorkerPool();  // Stop()s

  // REQUIRES: called before Start().
  void Register(const std::string& kind, JobHandler handler);
  void Start();
  // Stops claiming, waits for running handlers to return.
  void Stop();
  // Idle workers look for jobs now instead of at their next poll (call after committing a job
  // that should start at once). Thread-safe.
  void Wake();

 private:
  void Loop(int index);
  void RunJob(const std::string& worker, const Job& job);
  uint64_t Wakes();
  // Sleeps up to `ms`, until Stop(), or until a Wake() after the one counted in `seen`.
  void Pause(int64_t ms, uint64_t seen);

  JobQueue* queue_;
  WorkerPoolOptions options_;
  std::map<std::string, JobHandler> handlers_;
  std::vector<std::string> kinds_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  absl::Mutex mu_;  // Pause() awaits a change of wakes_ or stopping_ under it
  uint64_t wakes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace paved::jobs
