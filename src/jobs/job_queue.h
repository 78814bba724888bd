#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/clock.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::jobs {

enum class JobState { kQueued, kRunning, kSucceeded, kDead };
std::string_view JobStateName(JobState state);

struct Job {
  std::string id;
  std::string kind;
  nlohmann::json payload;
  JobState state = JobState::kQueued;
  int attempts = 0;  // claims so far, including the current one
  int max_attempts = 5;
  int64_t run_at_ms = 0;  // not claimable before this time
  std::string lease_owner;
  int64_t lease_until_ms = 0;
  std::string last_error;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  std::optional<int64_t> finished_at_ms;
};

struct EnqueueOptions {
  int max_attempts = 5;
  int64_t delay_ms = 0;
  // When set, enqueueing a second job with the same key while the first is queued or running
  // returns the existing job instead (idempotent producers).
  std::optional<std::string> dedupe_key;
  // With dedupe_key: when the job holding the key is already running, it runs once more after
  // it completes. For a job that works through whatever is pending when it starts (a group's
  // chat delivery), so a change made while it runs is never left behind.
  bool run_again_if_running = false;
};

// The durable job queue (table `jobs`). Thread- and process-safe: any number of workers in any
// number of replicas may claim concurrently; a job is leased to one worker at a time.
class JobQueue {
 public:
  JobQueue(store::Store* store, const Clock* clock) : store_(store), clock_(clock) {}

  absl::StatusOr<Job> Enqueue(const std::string& kind, const nlohmann::json& payload,
                              const EnqueueOptions& options = {});
  // Enqueue inside a caller's transaction so the job exists iff the caller's change commits.
  absl::StatusOr<Job> EnqueueTx(store::Tx& tx, const std::string& kind,
                                const nlohmann::json& payload, const EnqueueOptions& options = {});

  // Claims the oldest due job of one of `kinds` (all kinds when empty): queued jobs whose run_at
  // has come, and running jobs whose lease expired (their worker died). Increments attempts.
  // Returns nullopt when nothing is due. PostgreSQL: FOR UPDATE SKIP LOCKED.
  absl::StatusOr<std::optional<Job>> Claim(const std::string& worker, int64_t lease_ms,
                                           const std::vector<std::string>& kinds = {});

  // Extends the lease. FailedPrecondition when `worker` no longer holds it.
  absl::Status Heartbeat(const std::string& job_id, const std::string& worker, int64_t lease_ms);
  // Marks succeeded, or queues the job again at once when an enqueue asked it to run again.
  // FailedPrecondition when `worker` no longer holds the lease, so a job whose lease expired and
  // was taken over can never complete twice.
  absl::Status Complete(const std::string& job_id, const std::string& worker);
  // Records the error; re-queues with exponential backoff (base_backoff_ms * 2^(attempts-1),
  // capped at 1 h) or, after max_attempts, moves the job to the dead state.
  // `delay_ms`, when set, replaces the backoff (a peer's Retry-After).
  absl::Status Fail(const std::string& job_id, const std::string& worker, const std::string& error,
                    int64_t base_backoff_ms = 1000, std::optional<int64_t> delay_ms = std::nullopt);

  // Puts a running job back in the queue to run again after `delay_ms` without counting the
  // claim as an attempt: a handler that polls a slow peer (a cache cluster taking 20 minutes)
  // waits on the queue, not in a thread, and never runs out of attempts by waiting.
  // FailedPrecondition when `worker` no longer holds the lease.
  absl::Status Reschedule(const std::string& job_id, const std::string& worker, int64_t delay_ms);

  absl::StatusOr<std::optional<Job>> Get(const std::string& job_id);
  // Newest first; `state` filters when set. Cursor = id of the last job of the previous page.
  absl::StatusOr<std::vector<Job>> List(std::optional<JobState> state, int limit,
                                        const std::string& cursor = "");
  // The subset of `dedupe_keys` carried by a job still queued (not yet claimed): a caller about
  // to enqueue many deduplicated jobs skips those in one read instead of one insert each.
  static absl::StatusOr<std::set<std::string>> QueuedDedupeKeys(
      store::Tx& tx, const std::vector<std::string>& dedupe_keys);
  // Jobs queued or running (for /metrics).
  absl::StatusOr<int64_t> Depth();

 private:
  store::Store* store_;
  const Clock* clock_;
};

nlohmann::json JobToJson(const Job& job);

// A handler's failure that asks to be retried after exactly `delay_ms` (e.g. a peer's
// Retry-After) instead of the pool's exponential backoff.
absl::Status RetryAfter(absl::Status status, int64_t delay_ms);
// The delay attached by RetryAfter, if any.
std::optional<int64_t> RetryDelayMs(const absl::Status& status);
// A failure of a call to a peer, as a handler returns it: kept as it is when it already carries a
// delay (a 429's Retry-After, see providers/slack); Unavailable and DeadlineExceeded retried after
// min(60 s, 1 s · 2^attempts); anything else as it is, since retrying cannot fix it.
absl::Status RetryTransient(absl::Status status, int attempts);

// What a handler returns when its work is not finished but nothing failed: run the job again
// after `delay_ms` (JobQueue::Reschedule). Not OK, so a caller that only checks ok() does not take
// it for completion.
absl::Status PollAgain(int64_t delay_ms);
// The delay of a PollAgain status, nullopt for any other status.
std::optional<int64_t> PollDelayMs(const absl::Status& status);

}  // namespace paved::jobs
