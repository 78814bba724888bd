#pragma once

#include <memory>

#include "deploy/rollout/deploy_deps.h"
#include "deploy/rollout/deploy_service.h"

namespace paved::deploy::rollout {

// The deployments API of docs/deployments.md (all but GET /metrics/deployments) on
// `*deps.router`: artifacts, deployments (create, list, get, approve, reject, cancel,
// rollback, diff), approvals, timeline, workloads and logs, overview.
void RegisterDeployRoutes(const DeployDeps& deps, std::shared_ptr<DeployService> service);

}  // namespace paved::deploy::rollout
