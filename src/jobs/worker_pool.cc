#include "jobs/worker_pool.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace paved::jobs {
namespace {

// Renews a job's lease every third of the lease for as long as it lives, so a handler that takes
// longer than one lease (a peer that hangs until its timeout, a long step) keeps its job: the
// job is taken over only when this process dies or cannot reach the store for a whole lease.
// Stops renewing once the lease is lost; a store error is tried again at the next tick.
class LeaseKeeper {
 public:
  LeaseKeeper(JobQueue* queue, std::string job_id, std::string worker, int64_t lease_ms)
      : thread_([this, queue, job_id = std::move(job_id), worker = std::move(worker), lease_ms] {
          Keep(queue, job_id, worker, lease_ms);
        }) {}
  ~LeaseKeeper() {
    {
      absl::MutexLock lock(&mu_);
      done_ = true;
    }
    thread_.join();
  }

 private:
  void Keep(JobQueue* queue, const std::string& job_id, const std::string& worker,
            int64_t lease_ms) {
    const absl::Duration every = absl::Milliseconds(std::max<int64_t>(lease_ms / 3, 10));
    absl::MutexLock lock(&mu_);
    while (!mu_.AwaitWithTimeout(absl::Condition(&done_), every)) {
      absl::Status s = queue->Heartbeat(job_id, worker, lease_ms);
      if (absl::IsFailedPrecondition(s)) return;  // lost: the next claimer owns the job
    }
  }

  absl::Mutex mu_;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // last: started once the members it uses exist
};

}  // namespace

WorkerPool::WorkerPool(JobQueue* queue, WorkerPoolOptions options)
    : queue_(queue), options_(std::move(options)) {}

WorkerPool::~WorkerPool() { Stop(); }

void WorkerPool::Register(const std::string& kind, JobHandler handler) {
  if (handlers_.emplace(kind, std::move(handler)).second) kinds_.push_back(kind);
}

void WorkerPool::Start() {
  // Without handlers there is nothing to claim (an empty kind list would claim every kind).
  if (!threads_.empty() || kinds_.empty()) return;
  stopping_ = false;
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this, i] { Loop(i); });
}

void WorkerPool::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;  // under mu_, so a Pause() waiting in Await sees it
  }
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

void WorkerPool::Wake() {
  absl::MutexLock lock(&mu_);
  ++wakes_;  // ends every Pause() waiting on an older count
}

uint64_t WorkerPool::Wakes() {
  absl::MutexLock lock(&mu_);
  return wakes_;
}

void WorkerPool::Pause(int64_t ms, uint64_t seen) {
  absl::MutexLock lock(&mu_);
  auto woken = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_.load() || wakes_ != seen;
  };
  mu_.AwaitWithTimeout(absl::Condition(&woken), absl::Milliseconds(ms));
}

void WorkerPool::Loop(int index) {
  const std::string worker = absl::StrCat(options_.worker_prefix, "-", index);
  while (!stopping_) {
    // Read before looking for work: a Wake() that comes while Claim runs (and finds nothing yet)
    // then ends the pause at once instead of being lost.
    const uint64_t seen = Wakes();
    auto claimed = queue_->Claim(worker, options_.lease_ms, kinds_);
    if (!claimed.ok()) {
      spdlog::warn("jobs: {} could not claim: {}", worker, claimed.status().ToString());
      Pause(options_.poll_interval_ms, seen);
    } else if (!claimed->has_value()) {
      Pause(options_.poll_interval_ms, seen);
    } else {
      RunJob(worker, **claimed);
    }
  }
}

void WorkerPool::RunJob(const std::string& worker, const Job& job) {
  JobContext context{job,
                     [&] { return queue_->Heartbeat(job.id, worker, options_.lease_ms).ok(); }};
  absl::Status status;
  {
    LeaseKeeper keeper(queue_, job.id, worker, options_.lease_ms);
    try {
      status = handlers_.at(job.kind)(context);
    } catch (const std::exception& e) {
      status = absl::InternalError(absl::StrCat("handler threw: ", e.what()));
    }
  }
  if (std::optional<int64_t> poll = PollDelayMs(status)) {
    absl::Status recorded = queue_->Reschedule(job.id, worker, *poll);
    if (!recorded.ok())
      spdlog::warn("jobs: {} could not reschedule {}: {}", worker, job.id, recorded.ToString());
    return;
  }
  absl::Status recorded = status.ok()
                              ? queue_->Complete(job.id, worker)
                              : queue_->Fail(job.id, worker, status.ToString(),
                                             options_.base_backoff_ms, RetryDelayMs(status));
  if (!status.ok()) spdlog::warn("jobs: {} {} failed: {}", job.kind, job.id, status.ToString());
  if (!recorded.ok()) {
    spdlog::warn("jobs: {} could not record the outcome of {}: {}", worker, job.id,
                 recorded.ToString());
  }
}

}  // namespace paved::jobs
