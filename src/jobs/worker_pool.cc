#include "jobs/worker_pool.h"

#include <chrono>
#include <exception>

#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace paved::jobs {

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
  try {
    status = handlers_.at(job.kind)(context);
  } catch (const std::exception& e) {
    status = absl::InternalError(absl::StrCat("handler threw: ", e.what()));
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
