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
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

void WorkerPool::Wake() {
  {
    std::lock_guard lock(mu_);
    ++wakes_;
  }
  cv_.notify_all();
}

uint64_t WorkerPool::Wakes() {
  std::lock_guard lock(mu_);
  return wakes_;
}

void WorkerPool::Pause(int64_t ms, uint64_t seen) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, std::chrono::milliseconds(ms),
               [&] { return stopping_.load() || wakes_ != seen; });
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
