#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "deploy/rollout/deploy_deps.h"
#include "deploy/rollout/deploy_service.h"

namespace paved::deploy::rollout {

// Installs deployments: reads the `deploy:` section of `*deps.config` (emergency_rollback,
// rollout_timeout_seconds), registers the `deploy.rollout` and `deploy.sweep` job handlers on
// `deps.workers` (REQUIRES: before WorkerPool::Start), schedules deploy.sweep every 30 s on
// `deps.scheduler` when set (REQUIRES: before Scheduler::Start), deploys the demo artifact when
// asked, and returns the service the routes of deploy_routes.h serve.
// InvalidArgument for a bad `deploy:` section.
absl::StatusOr<std::shared_ptr<DeployService>> InstallDeployments(const DeployDeps& deps);

}  // namespace paved::deploy::rollout
