#include "jobs/scheduler.h"

#include <chrono>

#include "spdlog/spdlog.h"

namespace paved::jobs {
namespace {

int64_t SteadyMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Every(const std::string& kind, int64_t interval_ms, nlohmann::json payload) {
  entries_.push_back({kind, interval_ms, std::move(payload)});
}

void Scheduler::EveryWhen(const std::string& kind, int64_t interval_ms, std::function<bool()> when,
                          nlohmann::json payload) {
  entries_.push_back({kind, interval_ms, std::move(payload), std::move(when)});
}

absl::StatusOr<Job> Scheduler::RunNow(const std::string& kind, nlohmann::json payload) {
  EnqueueOptions options;
  options.dedupe_key = "schedule:" + kind;
  return queue_->Enqueue(kind, payload.is_null() ? nlohmann::json::object() : payload, options);
}

void Scheduler::Start() {
  if (entries_.empty() || thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;  // under mu_, so Loop()'s Await sees it
  }
  if (thread_.joinable()) thread_.join();
}

void Scheduler::Loop() {
  auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
  mu_.Lock();
  while (!stopping_) {
    int64_t now = SteadyMs();
    int64_t wake = now + 60'000;
    for (Entry& e : entries_) {
      if (e.next_ms <= now) {
        mu_.Unlock();
        if (!e.when || e.when()) {
          auto job = RunNow(e.kind, e.payload);
          if (!job.ok()) spdlog::warn("scheduler: {}: {}", e.kind, job.status().ToString());
        }
        mu_.Lock();
        e.next_ms = now + e.interval_ms;
      }
      wake = std::min(wake, e.next_ms);
    }
    mu_.AwaitWithTimeout(absl::Condition(&stopping),
                         absl::Milliseconds(std::max<int64_t>(10, wake - SteadyMs())));
  }
  mu_.Unlock();
}

}  // namespace paved::jobs
