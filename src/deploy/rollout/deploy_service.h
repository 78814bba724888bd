#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/caller.h"
#include "deploy/rollout/artifact_store.h"
#include "deploy/rollout/deploy_deps.h"
#include "deploy/rollout/deployment_store.h"

namespace paved::deploy::rollout {

// The payload key of a policy_blocked error: the findings as JSON text.
constexpr char kFindingsPayload[] = "paved.dev/findings";

struct CreateRequest {
  std::string project;   // slug
  std::string artifact;  // digest
  std::string environment;
  std::vector<std::string> clusters;  // empty = every target of the project in the environment
  std::vector<std::vector<std::string>> waves;  // when given, the clusters by wave
  std::string reason;
  bool auto_rollback = false;
};

struct CreateResult {
  std::string request_id;
  std::vector<Deployment> deployments;
};

// The deployment rules of docs/deployments.md. Every change is one transaction with its audit
// events (subject project:<slug>), then AuditLog::Published(). Errors carry API codes:
// promotion_required and policy_blocked (422, findings in the kFindingsPayload payload),
// self_approval (403), conflict (409) for a state that does not allow the change.
class DeployService {
 public:
  DeployService(const DeployDeps& deps, DeployConfig config);

  // Deploys an artifact: one deployment per cluster of the environment.
  // REQUIRES: `caller` may write the project (auth::CheckProjectWrite); the route checks it once,
  // before reading the request body, so a refused caller learns nothing about the body.
  absl::StatusOr<CreateResult> Create(const Caller& caller, const CreateRequest& request);
  // Approves (or rejects) every pending deployment of the request of `id` in its region.
  // Conflict (409, naming the current state) when `id` is not pending approval, also when a
  // concurrent approve, reject or cancel moved it first; then nothing changes.
  absl::StatusOr<std::vector<Deployment>> Decide(const Caller& caller, const std::string& project,
                                                 const std::string& id, bool approve,
                                                 const std::string& comment);
  // pending_approval, waiting or queued only.
  absl::StatusOr<Deployment> Cancel(const Caller& caller, const std::string& project,
                                    const std::string& id);
  // A new deployment of the release of `id`, rollback_of = id. Conflict (409
  // "already_running") when that release is the one its cluster runs now.
  absl::StatusOr<Deployment> Rollback(const Caller& caller, const std::string& project,
                                      const std::string& id, const std::string& reason,
                                      bool emergency);

  // Whether `caller` may approve deployments of a project owned by `team_id`.
  absl::StatusOr<bool> MayApprove(const Caller& caller, const std::string& team_id);

  // A deployment (not yet inserted) re-applying the release of `of`; the engine's automatic
  // rollback uses it too. State queued.
  absl::StatusOr<Deployment> RollbackDeployment(const Deployment& of, const std::string& requester,
                                                const std::string& reason);
  // Inserts `d` with its audit event and, when queued, its rollout job.
  absl::Status InsertTx(store::Tx& tx, const Deployment& d, const std::string& action);
  // Moves `d` to queued (CAS from `from`) and enqueues its rollout job.
  absl::StatusOr<bool> QueueTx(store::Tx& tx, const Deployment& d, State from,
                               const TransitionFields& fields = {});

  DeploymentStore& deployments() { return deployments_; }
  ArtifactStore& artifacts() { return artifacts_; }
  const DeployConfig& config() const { return config_; }

 private:
  absl::StatusOr<catalog::Project> Project(const std::string& slug);
  // InvalidArgument (field "clusters") saying how `p`, targeting `targets`, gets a target
  // cluster in `env`.
  absl::Status NoTarget(const catalog::Project& p, const platform::Environment& env,
                        const std::vector<platform::Cluster>& targets);
  absl::StatusOr<std::vector<platform::Cluster>> ResolveClusters(const catalog::Project& p,
                                                                 const platform::Environment& env,
                                                                 const CreateRequest& r,
                                                                 std::map<std::string, int>* wave);
  absl::Status CheckPromotion(const catalog::Project& p, const platform::Environment& env,
                              const std::string& digest);
  // `image`: the artifact's, which every component of the spec must run.
  absl::StatusOr<Deployment> Plan(const catalog::Project& p, const platform::Cluster& c,
                                  const CreateRequest& r, const std::string& image);
  // The conflict (409) naming the current state of deployment `id`, read inside `tx`: for the
  // loser of a race whose compare-and-set found the deployment moved on.
  absl::Status ConflictNow(store::Tx& tx, const std::string& id, const std::string& what);
  // Whether every deployment of the request in waves before `wave` succeeded.
  absl::StatusOr<bool> WaveReady(store::Tx& tx, const Deployment& d);

  DeployDeps deps_;
  DeployConfig config_;
  DeploymentStore deployments_;
  ArtifactStore artifacts_;
};

}  // namespace paved::deploy::rollout
