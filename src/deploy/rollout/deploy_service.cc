#include "deploy/rollout/deploy_service.h"

#include <algorithm>
#include <set>

#include "absl/strings/cord.h"
#include "absl/strings/str_join.h"
#include "auth/permissions.h"
#include "auth/team_members.h"
#include "core/error.h"
#include "core/random.h"
#include "core/status_macros.h"
#include "deploy/platform/known_names.h"
#include "deploy/rollout/rollout_jobs.h"

namespace paved::deploy::rollout {
namespace {

constexpr char kPromotionRule[] = "promotion-order";

absl::Status PolicyBlocked(const std::vector<policy::Finding>& findings,
                           const std::string& cluster) {
  absl::Status s = DomainError(
      absl::StatusCode::kInvalidArgument, "policy_blocked",
      "the release for cluster '" + cluster + "' breaks policy rules without an exception",
      "artifact");
  s.SetPayload(kFindingsPayload, absl::Cord(policy::FindingsToJson(findings).dump()));
  return s;
}

absl::Status Conflict(const Deployment& d, const std::string& what) {
  return DomainError(absl::StatusCode::kFailedPrecondition, "conflict",
                     "deployment " + d.id + " is " + StateName(d.state) + ": " + what);
}

// Whether `a` and `b` deploy the same release: image, spec, config and secret versions.
bool SameRelease(const Deployment& a, const Deployment& b) {
  return a.digest == b.digest && a.spec_version == b.spec_version &&
         a.config_versions == b.config_versions && a.secret_versions == b.secret_versions;
}

// FailedPrecondition (409 "already_running") when the release of `of` is the one its cluster
// runs now (the newest succeeded deployment there): rolling back to it would change nothing.
absl::Status RefuseRunningRelease(store::Tx& tx, DeploymentStore& deployments,
                                  const Deployment& of) {
  ASSIGN_OR_RETURN(auto running, deployments.LatestSucceeded(tx, of.project_id, of.cluster));
  if (!running || !SameRelease(*running, of)) return absl::OkStatus();
  return DomainError(absl::StatusCode::kFailedPrecondition, "already_running",
                     "the release of deployment " + of.id + " is the one running in " +
                         of.environment + " / " + of.cluster +
                         " now; roll back to an earlier release");
}

// Which teams may deploy to a cluster is the platform's decision (the cluster's `teams`).
absl::Status CheckClustersAcceptTeam(const catalog::Project& p,
                                     const std::vector<platform::Cluster>& clusters) {
  for (const platform::Cluster& c : clusters) {
    RETURN_IF_ERROR(platform::CheckClusterAcceptsTeam(c, p.owner_team));
  }
  return absl::OkStatus();
}

// What to run when project `p` (targeting `targets`) has no target in `env`: the clusters of
// `env` its team may use and the CLI command that adds the first of them to the targets (`paved
// targets set` replaces the whole set, so the command repeats the current ones), or who can add a
// cluster when there is none.
absl::Status NoTarget(const catalog::Project& p, const platform::Environment& env,
                      const std::vector<platform::Cluster>& targets,
                      const std::vector<platform::Cluster>& all) {
  std::vector<std::string> usable;
  for (const platform::Cluster& c : all) {
    if (c.environment == env.name && platform::CheckClusterAcceptsTeam(c, p.owner_team).ok()) {
      usable.push_back(c.name);
    }
  }
  std::string message = "project " + p.slug + " has no target cluster in " + env.name;
  if (usable.empty()) {
    message += ", and no cluster in " + env.name + " accepts team " + p.owner_team +
               ": an sre or admin adds one on the web UI's Platform page";
    return InvalidField("clusters", message);
  }
  std::string command = "paved targets set -p " + p.slug;
  for (const platform::Cluster& c : targets) command += " " + c.name;
  message += " (its clusters: " + absl::StrJoin(usable, ", ") +
             "); add one to the project's targets, e.g. `" + command + " " + usable.front() + "`";
  return InvalidField("clusters", message);
}

}  // namespace

absl::Status DeployService::NoTarget(const catalog::Project& p, const platform::Environment& env,
                                     const std::vector<platform::Cluster>& targets) {
  ASSIGN_OR_RETURN(auto all, deps_.platform->Clusters());
  return rollout::NoTarget(p, env, targets, all);
}

DeployService::DeployService(const DeployDeps& deps, DeployConfig config)
    : deps_(deps),
      config_(config),
      deployments_(deps.store, deps.clock),
      artifacts_(deps.store, deps.clock) {}

absl::StatusOr<catalog::Project> DeployService::Project(const std::string& slug) {
  ASSIGN_OR_RETURN(auto p, deps_.projects->FindBySlug(slug));
  if (!p) return absl::NotFoundError("no project " + slug);
  return *p;
}

absl::StatusOr<std::vector<platform::Cluster>> DeployService::ResolveClusters(
    const catalog::Project& p, const platform::Environment& env, const CreateRequest& r,
    std::map<std::string, int>* wave) {
  std::vector<std::string> names = r.clusters;
  for (size_t i = 0; i < r.waves.size(); ++i) {
    for (const auto& c : r.waves[i]) {
      if (wave->count(c)) return InvalidField("waves", "cluster " + c + " is in two waves");
      (*wave)[c] = static_cast<int>(i);
      if (std::find(names.begin(), names.end(), c) == names.end()) names.push_back(c);
    }
  }
  std::vector<platform::Cluster> out;
  if (names.empty()) {
    ASSIGN_OR_RETURN(auto targets, deps_.platform->Targets(p.id));
    for (auto& c : targets) {
      if (c.environment == env.name) out.push_back(c);
    }
    if (out.empty()) return NoTarget(p, env, targets);
    RETURN_IF_ERROR(CheckClustersAcceptTeam(p, out));
    return out;
  }
  for (const auto& name : names) {
    ASSIGN_OR_RETURN(auto c, platform::RequireCluster(*deps_.platform, name, "clusters"));
    if (c.environment != env.name) {
      return InvalidField("clusters", "cluster " + name + " is not in " + env.name);
    }
    if (!r.waves.empty() && !wave->count(name)) {
      return InvalidField("waves", "cluster " + name + " is in no wave");
    }
    out.push_back(c);
  }
  RETURN_IF_ERROR(CheckClustersAcceptTeam(p, out));
  return out;
}

absl::Status DeployService::CheckPromotion(const catalog::Project& p,
                                           const platform::Environment& env,
                                           const std::string& digest) {
  ASSIGN_OR_RETURN(auto envs, deps_.platform->Environments());
  const platform::Environment* previous = nullptr;
  for (const auto& e : envs) {
    if (e.name == env.name) break;
    previous = &e;
  }
  if (!previous) return absl::OkStatus();
  bool succeeded = false;
  RETURN_IF_ERROR(deps_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(succeeded, deployments_.SucceededIn(tx, p.id, previous->name, digest));
    return absl::OkStatus();
  }));
  if (succeeded) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto exceptions, deps_.platform->ActiveExceptions(p.id, deps_.clock->NowMs()));
  for (const auto& e : exceptions) {
    if (e.rule == kPromotionRule) return absl::OkStatus();
  }
  return DomainError(absl::StatusCode::kInvalidArgument, "promotion_required",
                     digest + " has no succeeded deployment in " + previous->name +
                         "; deploy it there first (or record a promotion-order exception)",
                     "artifact");
}

absl::StatusOr<Deployment> DeployService::Plan(const catalog::Project& p,
                                               const platform::Cluster& c, const CreateRequest& r,
                                               const std::string& image) {
  ASSIGN_OR_RETURN(auto release, deps_.releases->Build({.project = p.slug,
                                                        .environment = c.environment,
                                                        .cluster = c.name,
                                                        .digest = r.artifact,
                                                        .image = image}));
  if (release.blocking) return PolicyBlocked(release.findings, c.name);
  Deployment d;
  d.project_id = p.id;
  d.project = p.slug;
  d.environment = c.environment;
  d.cluster = c.name;
  d.region = c.region;
  d.digest = r.artifact;
  d.spec_version = release.spec_version;
  d.config_versions = release.config_versions;
  d.secret_versions = release.secret_versions;
  d.namespace_name = release.namespace_name;
  d.manifests = release.yaml;
  d.manifest_hash = release.hash;
  d.reason = r.reason;
  d.auto_rollback = r.auto_rollback;
  return d;
}

absl::StatusOr<CreateResult> DeployService::Create(const Caller& caller, const CreateRequest& r) {
  ASSIGN_OR_RETURN(auto p, Project(r.project));
  auto artifact = artifacts_.Get(p.id, r.artifact);
  if (absl::IsNotFound(artifact.status())) {
    return InvalidField("artifact", "no artifact " + r.artifact + " was pushed for " + p.slug);
  }
  RETURN_IF_ERROR(artifact.status());
  ASSIGN_OR_RETURN(auto env,
                   platform::RequireEnvironment(*deps_.platform, r.environment, "environment"));
  std::map<std::string, int> waves;
  ASSIGN_OR_RETURN(auto clusters, ResolveClusters(p, env, r, &waves));
  RETURN_IF_ERROR(CheckPromotion(p, env, r.artifact));
  CreateResult out{.request_id = NewId()};
  for (const auto& c : clusters) {
    ASSIGN_OR_RETURN(Deployment d, Plan(p, c, r, artifact->image));
    d.id = NewId();
    d.request_id = out.request_id;
    d.requester = caller.login;
    d.wave = waves.count(c.name) ? waves[c.name] : 0;
    d.created_at_ms = deps_.clock->NowMs();
    if (env.production) {
      d.state = State::kPendingApproval;
    } else if (d.wave > 0) {
      d.state = State::kWaiting;
    } else {
      d.state = State::kQueued;
      d.queued_at_ms = d.created_at_ms;
    }
    out.deployments.push_back(std::move(d));
  }
  RETURN_IF_ERROR(deps_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    for (const auto& d : out.deployments) RETURN_IF_ERROR(InsertTx(tx, d, "deployment.request"));
    return absl::OkStatus();
  }));
  deps_.audit->Published();
  return out;
}

absl::Status DeployService::InsertTx(store::Tx& tx, const Deployment& d,
                                     const std::string& action) {
  RETURN_IF_ERROR(deployments_.Insert(tx, d));
  if (d.state == State::kQueued) {
    RETURN_IF_ERROR(EnqueueRollout(tx, *deps_.job_queue, d.project_id, d.cluster));
  }
  return deps_.audit->Append(tx, d.requester, action, "project:" + d.project, AuditSummary(d));
}

absl::StatusOr<bool> DeployService::QueueTx(store::Tx& tx, const Deployment& d, State from,
                                            const TransitionFields& fields) {
  ASSIGN_OR_RETURN(bool moved, deployments_.Transition(tx, d.id, from, State::kQueued, fields));
  if (moved) RETURN_IF_ERROR(EnqueueRollout(tx, *deps_.job_queue, d.project_id, d.cluster));
  return moved;
}

absl::StatusOr<bool> DeployService::MayApprove(const Caller& caller, const std::string& team_id) {
  if (auth::CanApproveAnyProject(caller)) return true;
  return auth::TeamMembers::IsTeamLead(*deps_.store, caller.user_id, team_id);
}

absl::StatusOr<bool> DeployService::WaveReady(store::Tx& tx, const Deployment& d) {
  ASSIGN_OR_RETURN(auto all, deployments_.ByRequest(tx, d.request_id));
  for (const auto& other : all) {
    if (other.wave < d.wave && other.state != State::kSucceeded) return false;
  }
  return true;
}

absl::Status DeployService::ConflictNow(store::Tx& tx, const std::string& id,
                                        const std::string& what) {
  ASSIGN_OR_RETURN(Deployment now, deployments_.Get(tx, id));
  std::string by = now.approver.empty() ? "" : " (by " + now.approver + ")";
  return Conflict(now, what + by);
}

absl::StatusOr<std::vector<Deployment>> DeployService::Decide(const Caller& caller,
                                                              const std::string& project,
                                                              const std::string& id, bool approve,
                                                              const std::string& comment) {
  ASSIGN_OR_RETURN(auto p, Project(project));
  ASSIGN_OR_RETURN(Deployment d, deployments_.Get(id, p.id));
  if (d.state != State::kPendingApproval) return Conflict(d, "nothing to approve");
  if (d.requester == caller.login) {
    return DomainError(absl::StatusCode::kPermissionDenied, "self_approval",
                       "you requested this deployment; someone else must approve it");
  }
  ASSIGN_OR_RETURN(bool may, MayApprove(caller, p.owner_team_id));
  if (!may) {
    return absl::PermissionDeniedError(
        "approvers hold the sre or admin role or lead the owner team");
  }
  std::vector<std::string> ids;
  RETURN_IF_ERROR(deps_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    ids.clear();
    ASSIGN_OR_RETURN(auto all, deployments_.ByRequest(tx, d.request_id));
    for (const auto& one : all) {
      if (one.region != d.region || one.state != State::kPendingApproval) continue;
      TransitionFields fields{.approver = caller.login};
      State to = State::kRejected;
      if (approve) {
        ASSIGN_OR_RETURN(bool ready, WaveReady(tx, one));
        to = ready ? State::kQueued : State::kWaiting;
      }
      ASSIGN_OR_RETURN(bool moved, to == State::kQueued
                                       ? QueueTx(tx, one, State::kPendingApproval, fields)
                                       : deployments_.Transition(
                                             tx, one.id, State::kPendingApproval, to, fields));
      if (!moved) continue;  // decided by someone else meanwhile
      ids.push_back(one.id);
      Deployment decided = one;
      decided.state = to;
      nlohmann::json summary = AuditSummary(decided);
      summary["comment"] = comment;
      RETURN_IF_ERROR(deps_.audit->Append(tx, caller.login,
                                          approve ? "deployment.approve" : "deployment.reject",
                                          "project:" + p.slug, summary));
    }
    if (std::find(ids.begin(), ids.end(), d.id) != ids.end()) return absl::OkStatus();
    // Another approve, reject or cancel won the race: nothing of this call stays.
    return ConflictNow(tx, d.id, "someone else decided it first");
  }));
  deps_.audit->Published();
  std::vector<Deployment> out;
  for (const auto& one : ids) {
    ASSIGN_OR_RETURN(auto got, deployments_.Get(one));
    out.push_back(std::move(got));
  }
  return out;
}

absl::StatusOr<Deployment> DeployService::Cancel(const Caller& caller, const std::string& project,
                                                 const std::string& id) {
  ASSIGN_OR_RETURN(auto p, Project(project));
  RETURN_IF_ERROR(auth::CheckProjectWrite(caller, p.owner_team_id));
  ASSIGN_OR_RETURN(Deployment d, deployments_.Get(id, p.id));
  if (d.state != State::kPendingApproval && d.state != State::kWaiting &&
      d.state != State::kQueued) {
    return Conflict(d, "only pending_approval, waiting or queued deployments can be cancelled");
  }
  RETURN_IF_ERROR(deps_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(bool moved, deployments_.Transition(tx, d.id, d.state, State::kCancelled));
    if (!moved) return ConflictNow(tx, d.id, "it changed meanwhile");
    Deployment cancelled = d;
    cancelled.state = State::kCancelled;
    return deps_.audit->Append(tx, caller.login, "deployment.cancel", "project:" + p.slug,
                               AuditSummary(cancelled));
  }));
  deps_.audit->Published();
  return deployments_.Get(d.id);
}

absl::StatusOr<Deployment> DeployService::RollbackDeployment(const Deployment& of,
                                                             const std::string& requester,
                                                             const std::string& reason) {
  ASSIGN_OR_RETURN(auto release, deps_.releases->Build({.project = of.project,
                                                        .environment = of.environment,
                                                        .cluster = of.cluster,
                                                        .spec_version = of.spec_version,
                                                        .digest = of.digest,
                                                        .config_versions = of.config_versions,
                                                        .secret_versions = of.secret_versions}));
  Deployment d = of;
  d.id = NewId();
  d.request_id = d.id;
  d.manifests = release.yaml;
  d.manifest_hash = release.hash;
  d.namespace_name = release.namespace_name;
  d.state = State::kQueued;
  d.wave = 0;
  d.requester = requester;
  d.approver.clear();
  d.reason = reason;
  d.rollback_of = of.id;
  d.emergency = false;
  d.auto_rollback = false;
  d.error.clear();
  d.created_at_ms = deps_.clock->NowMs();
  d.queued_at_ms = d.created_at_ms;
  d.approved_at_ms = d.started_at_ms = d.finished_at_ms = std::nullopt;
  d.steps.clear();
  return d;
}

absl::StatusOr<Deployment> DeployService::Rollback(const Caller& caller, const std::string& project,
                                                   const std::string& id, const std::string& reason,
                                                   bool emergency) {
  ASSIGN_OR_RETURN(auto p, Project(project));
  RETURN_IF_ERROR(auth::CheckProjectWrite(caller, p.owner_team_id));
  ASSIGN_OR_RETURN(Deployment of, deployments_.Get(id, p.id));
  if (of.state != State::kSucceeded && of.state != State::kRolledBack) {
    return Conflict(of, "only a release that succeeded can be rolled back to");
  }
  ASSIGN_OR_RETURN(auto env, deps_.platform->GetEnvironment(of.environment));
  if (emergency && !(env.production && config_.emergency_rollback)) {
    return InvalidField("emergency", env.production
                                         ? "emergency rollback is not enabled "
                                           "(deploy.emergency_rollback in the config)"
                                         : "only production rollbacks need an emergency");
  }
  ASSIGN_OR_RETURN(Deployment d, RollbackDeployment(of, caller.login, reason));
  if (env.production && !emergency) {
    d.state = State::kPendingApproval;
    d.queued_at_ms = std::nullopt;
  }
  d.emergency = emergency;
  RETURN_IF_ERROR(deps_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(RefuseRunningRelease(tx, deployments_, of));
    return InsertTx(tx, d, "deployment.rollback");
  }));
  deps_.audit->Published();
  return deployments_.Get(d.id);
}

}  // namespace paved::deploy::rollout
