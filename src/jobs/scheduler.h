#pragma once

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "jobs/job_queue.h"

namespace paved::jobs {

// Enqueues periodic jobs (HR sync, cloud scans). Every replica runs one; the dedupe key keeps a
// kind from being queued twice while one is queued or running, so replicas don't multiply work.
class Scheduler {
 public:
  explicit Scheduler(JobQueue* queue) : queue_(queue) {}
  ~Scheduler();  // Stop()s

  // REQUIRES: called before Start(). The first run is enqueued at Start().
  void Every(const std::string& kind, int64_t interval_ms, nlohmann::json payload = {});
  // As above, but each time the interval is up, enqueues only when `when()` says so (e.g. when
  // there is something to work on), so that a kind follows what is configured meanwhile
  // without filling the queue with empty runs. `when` runs on the scheduler's thread.
  void EveryWhen(const std::string& kind, int64_t interval_ms, std::function<bool()> when,
                 nlohmann::json payload = {});
  void Start();
  void Stop();

  // Enqueues `kind` now unless one is already queued or running; returns that job either way.
  absl::StatusOr<Job> RunNow(const std::string& kind, nlohmann::json payload = {});

 private:
  struct Entry {
    std::string kind;
    int64_t interval_ms;
    nlohmann::json payload;
    std::function<bool()> when;  // empty: always
    int64_t next_ms = 0;
  };
  void Loop();
  JobQueue* queue_;
  std::vector<Entry> entries_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace paved::jobs
