#include "deploy/rollout/rollout_engine.h"

#include <chrono>
#include <thread>

#include "core/status_macros.h"
#include "deploy/rollout/component_env.h"
#include "deploy/spec/spec_parser.h"

namespace paved::deploy::rollout {
namespace {

constexpr char kSystem[] = "system";

// Errors of the world (database, network) are retried; anything else fails the rollout.
bool Transient(const absl::Status& s) {
  return absl::IsUnavailable(s) || absl::IsInternal(s) || absl::IsAborted(s) ||
         absl::IsDeadlineExceeded(s);
}

}  // namespace

absl::Status RolloutEngine::Handle(jobs::JobContext& ctx) {
  const nlohmann::json& p = ctx.job.payload;
  if (!p.contains("project_id") || !p.contains("cluster")) {
    return absl::InvalidArgumentError("deploy.rollout payload needs project_id and cluster");
  }
  return Drain(p["project_id"].get<std::string>(), p["cluster"].get<std::string>(), ctx.heartbeat);
}

absl::Status RolloutEngine::Drain(const std::string& project_id, const std::string& cluster,
                                  const std::function<bool()>& heartbeat) {
  while (true) {
    ASSIGN_OR_RETURN(auto d, Take(project_id, cluster));
    if (!d) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::string failure, Run(*d, heartbeat));
    RETURN_IF_ERROR(Finish(*d, failure));
  }
}

absl::StatusOr<std::optional<Deployment>> RolloutEngine::Take(const std::string& project_id,
                                                              const std::string& cluster) {
  DeploymentStore& ds = service_->deployments();
  std::optional<Deployment> out;
  bool started = false;
  RETURN_IF_ERROR(deps_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(out, ds.RollingOut(tx, project_id, cluster));
    if (out) return absl::OkStatus();  // a rollout whose job died: resume it
    ASSIGN_OR_RETURN(auto next, ds.NextQueued(tx, project_id, cluster));
    if (!next) return absl::OkStatus();
    ASSIGN_OR_RETURN(started, ds.Transition(tx, next->id, State::kQueued, State::kRollingOut));
    if (!started) return absl::OkStatus();  // another worker took it
    ASSIGN_OR_RETURN(out, ds.Get(tx, next->id));
    return deps_.audit->Append(tx, kSystem, "deployment.rolling_out", "project:" + out->project,
                               AuditSummary(*out));
  }));
  if (started) deps_.audit->Published();
  return out;
}

bool RolloutEngine::PastDeadline(const Deployment& d) const {
  return d.started_at_ms &&
         deps_.clock->NowMs() > *d.started_at_ms + service_->config().rollout_timeout_ms;
}

absl::StatusOr<std::string> RolloutEngine::Run(const Deployment& d,
                                               const std::function<bool()>& heartbeat) {
  DeploymentStore& ds = service_->deployments();
  auto cluster = deps_.platform->GetCluster(d.cluster);
  if (!cluster.ok()) {
    if (Transient(cluster.status())) return cluster.status();
    return "cluster " + d.cluster + ": " + std::string(cluster.status().message());
  }
  auto rt = deps_.runtimes->For(*cluster);
  if (!rt.ok()) return std::string(rt.status().message());
  auto release = deps_.releases->Build({.project = d.project,
                                        .environment = d.environment,
                                        .cluster = d.cluster,
                                        .spec_version = d.spec_version,
                                        .digest = d.digest,
                                        .config_versions = d.config_versions,
                                        .secret_versions = d.secret_versions,
                                        .reveal_secrets = true});
  if (!release.ok()) {
    if (Transient(release.status())) return release.status();
    return "cannot render the release: " + std::string(release.status().message());
  }
  if (release->namespace_name != d.namespace_name) {
    return "the project now runs in namespace " + release->namespace_name + ", not " +
           d.namespace_name + " as requested; nothing was applied";
  }
  if (release->hash != d.manifest_hash) {
    return std::string("the pinned release no longer renders the manifests it was requested with");
  }
  RETURN_IF_ERROR(ds.RecordStep(d.id, "render", release->hash));

  ASSIGN_OR_RETURN(auto project, deps_.projects->FindBySlug(d.project));
  std::optional<spec::AppSpec> app;
  if (deps_.specs) {
    auto stored = deps_.specs->Get(d.project_id, d.spec_version);
    std::vector<spec::SpecError> errors;
    if (stored.ok()) {
      auto parsed = spec::ParseAppSpec(stored->yaml, &errors);
      if (parsed.ok()) app = std::move(*parsed);
    }
  }
  runtime::RolloutTarget t{.cluster = *cluster,
                           .environment = d.environment,
                           .project = d.project,
                           .team = project ? project->owner_team : "",
                           .namespace_name = d.namespace_name,
                           .deployment_id = d.id,
                           .requester = d.requester,
                           .approver = d.approver,
                           .reason = d.reason,
                           .digest = d.digest,
                           .spec_version = d.spec_version,
                           .manifest_hash = d.manifest_hash,
                           .objects = std::move(release->apply_objects),
                           .display_yaml = release->yaml,
                           .spec = app ? &*app : nullptr};
  t.component_env = ComponentEnv(t.objects);

  ASSIGN_OR_RETURN(bool applied, ds.StepDone(d.id, "apply"));
  if (!applied) {
    absl::Status apply = (*rt)->Apply(t);
    if (!apply.ok() && !Transient(apply)) return "apply refused: " + std::string(apply.message());
    RETURN_IF_ERROR(apply);
    RETURN_IF_ERROR(
        ds.RecordStep(d.id, "apply", "applied " + std::to_string(t.objects.size()) + " objects"));
  }
  ASSIGN_OR_RETURN(bool healthy, ds.StepDone(d.id, "wait_healthy"));
  if (!healthy) {
    ASSIGN_OR_RETURN(std::string failure, WaitHealthy(**rt, t, d, heartbeat));
    if (!failure.empty()) return failure;
  }
  ASSIGN_OR_RETURN(bool pruned, ds.StepDone(d.id, "prune"));
  if (!pruned) {
    RETURN_IF_ERROR((*rt)->Prune(t));
    RETURN_IF_ERROR(ds.RecordStep(d.id, "prune", ""));
  }
  return std::string();
}

absl::StatusOr<std::string> RolloutEngine::WaitHealthy(runtime::Runtime& rt,
                                                       const runtime::RolloutTarget& t,
                                                       const Deployment& d,
                                                       const std::function<bool()>& heartbeat) {
  const int64_t poll_ms = service_->config().poll_interval_ms;
  while (true) {
    if (PastDeadline(d)) {
      return "not healthy within " + std::to_string(service_->config().rollout_timeout_ms / 1000) +
             " s";
    }
    if (heartbeat && !heartbeat()) return absl::AbortedError("the rollout job lost its lease");
    ASSIGN_OR_RETURN(runtime::HealthReport report, rt.Check(t));
    if (report.health == runtime::Health::kFailed) {
      return report.message.empty() ? std::string("the rollout failed") : report.message;
    }
    if (report.health == runtime::Health::kHealthy) {
      RETURN_IF_ERROR(service_->deployments().RecordStep(d.id, "wait_healthy", report.message));
      return std::string();
    }
    if (poll_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(poll_ms));
  }
}

absl::StatusOr<std::optional<Deployment>> RolloutEngine::PlanAutoRollback(const Deployment& d) {
  if (!d.auto_rollback) return std::nullopt;
  std::optional<Deployment> previous;
  RETURN_IF_ERROR(deps_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(previous,
                     service_->deployments().LatestSucceeded(tx, d.project_id, d.cluster, {d.id}));
    return absl::OkStatus();
  }));
  if (!previous) return std::nullopt;
  auto planned =
      service_->RollbackDeployment(*previous, kSystem, "automatic rollback: " + d.id + " failed");
  if (!planned.ok()) return std::nullopt;  // nothing to roll back to that still renders
  return *planned;
}

absl::Status RolloutEngine::Finish(const Deployment& d, const std::string& error) {
  std::optional<Deployment> rollback;
  if (!error.empty()) {
    ASSIGN_OR_RETURN(rollback, PlanAutoRollback(d));
  }
  State to = error.empty() ? State::kSucceeded : State::kFailed;
  RETURN_IF_ERROR(deps_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(bool moved, service_->deployments().Transition(tx, d.id, State::kRollingOut,
                                                                    to, {.error = error}));
    if (!moved) return absl::OkStatus();
    Deployment done = d;
    done.state = to;
    done.error = error;
    RETURN_IF_ERROR(deps_.audit->Append(tx, kSystem, std::string("deployment.") + StateName(to),
                                        "project:" + d.project, AuditSummary(done)));
    return error.empty() ? AfterSuccessTx(tx, d) : AfterFailureTx(tx, d, rollback);
  }));
  deps_.audit->Published();
  return absl::OkStatus();
}

absl::Status RolloutEngine::AfterSuccessTx(store::Tx& tx, const Deployment& d) {
  DeploymentStore& ds = service_->deployments();
  if (!d.rollback_of.empty()) {
    // Only the release that was running is replaced; after a failed rollout (an automatic
    // rollback) that is the failed one, which keeps its state.
    ASSIGN_OR_RETURN(auto replaced, ds.RanBefore(tx, d));
    if (replaced && replaced->state == State::kSucceeded) {
      ASSIGN_OR_RETURN(bool moved,
                       ds.Transition(tx, replaced->id, State::kSucceeded, State::kRolledBack));
      if (moved) {
        replaced->state = State::kRolledBack;
        RETURN_IF_ERROR(deps_.audit->Append(tx, kSystem, "deployment.rolled_back",
                                            "project:" + d.project, AuditSummary(*replaced)));
      }
    }
  }
  ASSIGN_OR_RETURN(auto request, ds.ByRequest(tx, d.request_id));
  for (const auto& other : request) {
    if (other.wave == d.wave && other.id != d.id && other.state != State::kSucceeded) {
      return absl::OkStatus();  // this wave is not done yet
    }
  }
  for (const auto& next : request) {
    if (next.wave != d.wave + 1 || next.state != State::kWaiting) continue;
    ASSIGN_OR_RETURN(bool queued, service_->QueueTx(tx, next, State::kWaiting));
    if (queued) {
      Deployment now_queued = next;
      now_queued.state = State::kQueued;
      RETURN_IF_ERROR(deps_.audit->Append(tx, kSystem, "deployment.queued",
                                          "project:" + next.project, AuditSummary(now_queued)));
    }
  }
  return absl::OkStatus();
}

absl::Status RolloutEngine::AfterFailureTx(store::Tx& tx, const Deployment& d,
                                           const std::optional<Deployment>& rollback) {
  DeploymentStore& ds = service_->deployments();
  ASSIGN_OR_RETURN(auto request, ds.ByRequest(tx, d.request_id));
  for (const auto& later : request) {
    if (later.wave <= d.wave) continue;
    if (later.state != State::kWaiting && later.state != State::kPendingApproval &&
        later.state != State::kQueued) {
      continue;
    }
    ASSIGN_OR_RETURN(bool moved,
                     ds.Transition(tx, later.id, later.state, State::kCancelled,
                                   {.error = "wave " + std::to_string(d.wave) + " failed"}));
    if (moved) {
      Deployment cancelled = later;
      cancelled.state = State::kCancelled;
      cancelled.error = "wave " + std::to_string(d.wave) + " failed";
      RETURN_IF_ERROR(deps_.audit->Append(tx, kSystem, "deployment.cancelled",
                                          "project:" + later.project, AuditSummary(cancelled)));
    }
  }
  if (rollback) RETURN_IF_ERROR(service_->InsertTx(tx, *rollback, "deployment.rollback"));
  return absl::OkStatus();
}

}  // namespace paved::deploy::rollout
