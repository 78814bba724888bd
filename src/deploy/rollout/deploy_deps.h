#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "audit/audit_log.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/clock.h"
#include "deploy/platform/platform_store.h"
#include "deploy/release/release_builder.h"
#include "deploy/runtime/runtime.h"
#include "deploy/spec/spec_store.h"
#include "jobs/job_queue.h"
#include "jobs/scheduler.h"
#include "jobs/worker_pool.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::deploy::rollout {

// The `deploy:` section of the platform config file.
struct DeployConfig {
  bool emergency_rollback = false;       // production rollback without approval when asked
  int64_t rollout_timeout_ms = 600'000;  // deploy.rollout_timeout_seconds
  int64_t poll_interval_ms = 500;        // between two Runtime::Check calls
};

// InvalidArgument naming the field for a bad value; null or absent section = defaults.
absl::StatusOr<DeployConfig> ParseDeployConfig(const nlohmann::json& section);

// Everything the deployments part uses. Every pointer must outlive the routes and the workers;
// `teams`, `specs` and `config` may be null.
struct DeployDeps {
  store::Store* store;
  const Clock* clock;
  audit::AuditLog* audit;
  catalog::ProjectStore* projects;
  catalog::TeamStore* teams;
  platform::PlatformStore* platform;
  release::ReleaseBuilder* releases;
  runtime::RuntimeRegistry* runtimes;
  jobs::JobQueue* job_queue;
  jobs::WorkerPool* workers;
  const nlohmann::json* config;      // the whole config file; its `deploy` section is read
  spec::SpecStore* specs = nullptr;  // for the local runtime's view of the spec
  // Runs the deploy.sweep job every 30 s (queued deployments left without a rollout job);
  // null = no sweep.
  jobs::Scheduler* scheduler = nullptr;
  // Pushes a demo artifact of `demo_project` and deploys it to the first environment, so a new
  // installation has something running ("" = no demo deploy).
  std::string demo_project;
};

constexpr char kRolloutJobKind[] = "deploy.rollout";

}  // namespace paved::deploy::rollout
