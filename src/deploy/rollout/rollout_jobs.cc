#include "deploy/rollout/rollout_jobs.h"

#include "deploy/rollout/deploy_deps.h"

namespace paved::deploy::rollout {

absl::Status EnqueueRollout(store::Tx& tx, jobs::JobQueue& queue, const std::string& project_id,
                            const std::string& cluster) {
  return queue
      .EnqueueTx(tx, kRolloutJobKind, {{"project_id", project_id}, {"cluster", cluster}},
                 {.max_attempts = 50, .dedupe_key = project_id + "/" + cluster})
      .status();
}

}  // namespace paved::deploy::rollout
