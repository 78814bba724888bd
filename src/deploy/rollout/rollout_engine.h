#pragma once

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "deploy/rollout/deploy_service.h"
#include "jobs/worker_pool.h"

namespace paved::deploy::rollout {

// Runs rollouts as durable `deploy.rollout` jobs, one (project, cluster) per job: resumes the
// deployment rolling out there, then takes queued ones oldest first. Steps render → apply →
// wait_healthy → prune are recorded once done, so a job re-run after a crash skips them (Apply is
// never called again for a recorded apply). Ends each deployment succeeded or failed with its
// audit event (deployment.<state>), then advances waves, automatic rollbacks and rollbacks.
class RolloutEngine {
 public:
  RolloutEngine(const DeployDeps& deps, DeployService* service) : deps_(deps), service_(service) {}

  // The job handler.
  absl::Status Handle(jobs::JobContext& ctx);

  // Drains (project, cluster). `heartbeat` extends the job lease; false = the lease was lost.
  // An error (runtime unreachable, database) leaves the deployment rolling_out for a retry; a
  // runtime refusing to apply (e.g. a namespace the project does not own) fails it. A release
  // whose namespace the project does not hold on the cluster fails before anything is applied.
  absl::Status Drain(const std::string& project_id, const std::string& cluster,
                     const std::function<bool()>& heartbeat);

 private:
  // The deployment rolling out on (project, cluster), else the next queued one moved to
  // rolling_out; nullopt when there is nothing to do.
  absl::StatusOr<std::optional<Deployment>> Take(const std::string& project_id,
                                                 const std::string& cluster);
  // Runs the steps not yet recorded; "" on success, else why the rollout failed.
  absl::StatusOr<std::string> Run(const Deployment& d, const std::function<bool()>& heartbeat);
  absl::StatusOr<std::string> WaitHealthy(runtime::Runtime& rt, const runtime::RolloutTarget& t,
                                          const Deployment& d,
                                          const std::function<bool()>& heartbeat);
  absl::Status Finish(const Deployment& d, const std::string& error);
  absl::Status AfterSuccessTx(store::Tx& tx, const Deployment& d);
  absl::Status AfterFailureTx(store::Tx& tx, const Deployment& d,
                              const std::optional<Deployment>& rollback);
  absl::StatusOr<std::optional<Deployment>> PlanAutoRollback(const Deployment& d);
  bool PastDeadline(const Deployment& d) const;

  DeployDeps deps_;
  DeployService* service_;
};

}  // namespace paved::deploy::rollout
