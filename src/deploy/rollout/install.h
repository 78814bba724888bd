#pragma once

#include "absl/status/status.h"
#include "deploy/rollout/deploy_deps.h"

namespace paved::deploy::rollout {

// Installs deployments: reads the `deploy:` section of `*deps.config` (emergency_rollback,
// rollout_timeout_seconds), registers the `deploy.rollout` and `deploy.sweep` job handlers on
// `deps.workers` (REQUIRES: before WorkerPool::Start), schedules deploy.sweep every 30 s on
// `deps.scheduler` when set (REQUIRES: before Scheduler::Start) and the routes on `deps.router`.
// InvalidArgument for a bad `deploy:` section.
absl::Status InstallDeployments(const DeployDeps& deps);

}  // namespace paved::deploy::rollout
