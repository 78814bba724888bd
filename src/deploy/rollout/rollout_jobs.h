#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "jobs/job_queue.h"
#include "store/store.h"

namespace paved::deploy::rollout {

// Enqueues the rollout job of (project, cluster) inside `tx` (kind deploy.rollout, dedupe key
// "<project_id>/<cluster>"): one job drains the queue of one (project, cluster) in order.
absl::Status EnqueueRollout(store::Tx& tx, jobs::JobQueue& queue, const std::string& project_id,
                            const std::string& cluster);

// The periodic job that un-sticks queues (kind deploy.sweep, every 30 s via jobs::Scheduler): a
// deployment queued while the (project, cluster)'s rollout job was finishing can be deduplicated
// against that job and left without one.
inline constexpr char kSweepJobKind[] = "deploy.sweep";
inline constexpr int64_t kSweepIntervalMs = 30'000;

// Enqueues the rollout job of every (project, cluster) that has queued deployments and none
// rolling out (deduplicated against a live one, so it never doubles a rollout). Returns how many
// (project, cluster) pairs it enqueued for.
absl::StatusOr<int> SweepStalledQueues(store::Store& store, jobs::JobQueue& queue);

}  // namespace paved::deploy::rollout
