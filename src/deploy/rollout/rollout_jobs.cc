#include "deploy/rollout/rollout_jobs.h"

#include "core/status_macros.h"
#include "deploy/rollout/deploy_deps.h"
#include "deploy/rollout/deployment_store.h"

namespace paved::deploy::rollout {

absl::Status EnqueueRollout(store::Tx& tx, jobs::JobQueue& queue, const std::string& project_id,
                            const std::string& cluster) {
  return queue
      .EnqueueTx(tx, kRolloutJobKind, {{"project_id", project_id}, {"cluster", cluster}},
                 {.max_attempts = 50, .dedupe_key = project_id + "/" + cluster})
      .status();
}

absl::StatusOr<int> SweepStalledQueues(store::Store& store, jobs::JobQueue& queue) {
  int enqueued = 0;
  RETURN_IF_ERROR(store.Transaction([&](store::Tx& tx) -> absl::Status {
    enqueued = 0;
    DeploymentStore deployments(&store, nullptr);
    ASSIGN_OR_RETURN(auto stalled, deployments.StalledQueues(tx));
    for (const auto& [project_id, cluster] : stalled) {
      RETURN_IF_ERROR(EnqueueRollout(tx, queue, project_id, cluster));
      ++enqueued;
    }
    return absl::OkStatus();
  }));
  return enqueued;
}

}  // namespace paved::deploy::rollout
