#pragma once

// Shared by the deployments route files; not part of the folder's public interface.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "catalog/projects.h"
#include "deploy/rollout/deploy_service.h"
#include "http/router.h"

namespace paved::deploy::rollout::internal {

struct RouteDeps {
  DeployDeps deps;
  std::shared_ptr<DeployService> service;

  // The project named by the {slug} path parameter; NotFound otherwise.
  absl::StatusOr<catalog::Project> Project(const http::Context& ctx) const;
};

// An error answer; for policy_blocked with the findings added to the error object.
http::Response ErrorWithFindings(const absl::Status& status);

// Diff, approvals, timeline, workloads, logs and overview.
std::vector<http::Route> DeployViewRoutes(std::shared_ptr<RouteDeps> deps);

}  // namespace paved::deploy::rollout::internal
