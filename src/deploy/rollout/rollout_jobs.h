#pragma once

#include <string>

#include "absl/status/status.h"
#include "jobs/job_queue.h"
#include "store/store.h"

namespace paved::deploy::rollout {

// Enqueues the rollout job of (project, cluster) inside `tx` (kind deploy.rollout, dedupe key
// "<project_id>/<cluster>"): one job drains the queue of one (project, cluster) in order.
absl::Status EnqueueRollout(store::Tx& tx, jobs::JobQueue& queue, const std::string& project_id,
                            const std::string& cluster);

}  // namespace paved::deploy::rollout
