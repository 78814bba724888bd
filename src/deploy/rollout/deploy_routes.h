#pragma once

#include <memory>

#include "deploy/rollout/deploy_deps.h"
#include "deploy/rollout/deploy_service.h"
#include "http/router.h"

namespace paved::deploy::rollout {

// The deployments API of docs/deployments.md (all but GET /metrics/deployments): artifacts,
// deployments (create, list, get, approve, reject, cancel, rollback, diff), approvals, timeline,
// workloads and logs, overview. `service` comes from InstallDeployments.
std::vector<http::Route> DeployRoutes(const DeployDeps& deps,
                                      std::shared_ptr<DeployService> service);

}  // namespace paved::deploy::rollout
