#include "deploy/rollout/install.h"

#include <memory>

#include "core/status_macros.h"
#include "deploy/rollout/artifact_store.h"
#include "deploy/rollout/rollout_engine.h"
#include "deploy/rollout/rollout_jobs.h"
#include "deploy/spec/spec_parser.h"

namespace paved::deploy::rollout {

absl::StatusOr<DeployConfig> ParseDeployConfig(const nlohmann::json& section) {
  DeployConfig c;
  if (section.is_null()) return c;
  if (!section.is_object()) return absl::InvalidArgumentError("deploy: must be a mapping");
  if (section.contains("emergency_rollback")) {
    if (!section["emergency_rollback"].is_boolean()) {
      return absl::InvalidArgumentError("deploy.emergency_rollback must be true or false");
    }
    c.emergency_rollback = section["emergency_rollback"].get<bool>();
  }
  if (section.contains("rollout_timeout_seconds")) {
    const auto& t = section["rollout_timeout_seconds"];
    if (!t.is_number_integer() || t.get<int64_t>() < 1 || t.get<int64_t>() > 86'400) {
      return absl::InvalidArgumentError("deploy.rollout_timeout_seconds must be 1 to 86400");
    }
    c.rollout_timeout_ms = t.get<int64_t>() * 1000;
  }
  return c;
}

namespace {

constexpr char kDemoDigest[] =
    "sha256:d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0";

absl::Status DeployDemo(const DeployDeps& deps, DeployService& service) {
  ASSIGN_OR_RETURN(auto project, deps.projects->FindBySlug(deps.demo_project));
  if (!project) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto spec, deps.specs->Get(project->id));
  std::vector<spec::SpecError> errors;
  ASSIGN_OR_RETURN(auto app, spec::ParseAppSpec(spec.yaml, &errors));
  if (app.components.empty()) return absl::OkStatus();
  ArtifactStore artifacts(deps.store, deps.clock);
  RETURN_IF_ERROR(deps.store->Transaction([&](store::Tx& tx) -> absl::Status {
    bool created = false;
    Artifact a{.project_id = project->id,
               .digest = kDemoDigest,
               .image = app.components.front().image,
               .git_sha = "demo",
               .built_by = "demo data",
               .pushed_by = "system"};
    RETURN_IF_ERROR(artifacts.Push(tx, a, &created).status());
    return deps.audit->Append(tx, "system", "artifact.push", "project:" + project->slug,
                              {{"digest", a.digest}, {"demo", true}});
  }));
  deps.audit->Published();
  Caller system{.login = "system", .role = Role::kAdmin};
  ASSIGN_OR_RETURN(auto envs, deps.platform->Environments());
  if (envs.empty()) return absl::OkStatus();
  return service
      .Create(system, {.project = project->slug,
                       .artifact = kDemoDigest,
                       .environment = envs.front().name,
                       .reason = "demo: the sample app on the local runtime"})
      .status();
}

}  // namespace

absl::StatusOr<std::shared_ptr<DeployService>> InstallDeployments(const DeployDeps& deps) {
  nlohmann::json section;
  if (deps.config && deps.config->is_object() && deps.config->contains("deploy")) {
    section = (*deps.config)["deploy"];
  }
  ASSIGN_OR_RETURN(DeployConfig config, ParseDeployConfig(section));
  auto service = std::make_shared<DeployService>(deps, config);
  auto engine = std::make_shared<RolloutEngine>(deps, service.get());
  deps.workers->Register(kRolloutJobKind,
                         [engine, service](jobs::JobContext& ctx) { return engine->Handle(ctx); });
  deps.workers->Register(kSweepJobKind,
                         [store = deps.store, queue = deps.job_queue](jobs::JobContext&) {
                           return SweepStalledQueues(*store, *queue).status();
                         });
  if (deps.scheduler != nullptr) deps.scheduler->Every(kSweepJobKind, kSweepIntervalMs);
  if (!deps.demo_project.empty() && deps.specs) RETURN_IF_ERROR(DeployDemo(deps, *service));
  return service;
}

}  // namespace paved::deploy::rollout
