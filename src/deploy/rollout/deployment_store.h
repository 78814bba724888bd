#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "deploy/rollout/deployment.h"
#include "store/store.h"

namespace paved::deploy::rollout {

// A namespace a project's release went to on a cluster.
struct DeployedNamespace {
  std::string project_id;
  std::string cluster;
  std::string namespace_name;
};

struct DeploymentFilter {
  std::string project_id;  // required
  std::string environment, cluster;
  std::optional<State> state;
  int limit = 50;
  std::string cursor;  // id of the last deployment of the previous page
};

// What a state change also writes. Timestamps follow the target state: queued → queued_at,
// rolling_out → started_at, a final state → finished_at; `approver` sets approved_at.
struct TransitionFields {
  std::string approver;
  std::string error;
};

// Deployments and their steps (tables deployments, deployment_steps). Reads fill `project`
// (slug), `image` and `git_sha` (from the artifact, when pushed).
class DeploymentStore {
 public:
  DeploymentStore(store::Store* store, const Clock* clock) : store_(store), clock_(clock) {}

  // Inserts `d` as given (id, request_id, state and created_at set by the caller).
  absl::Status Insert(store::Tx& tx, const Deployment& d);

  // With steps. NotFound when no such deployment (of the project, when project_id is given).
  absl::StatusOr<Deployment> Get(const std::string& id, const std::string& project_id = "");
  absl::StatusOr<Deployment> Get(store::Tx& tx, const std::string& id);

  // Newest first.
  absl::StatusOr<std::vector<Deployment>> List(const DeploymentFilter& f);
  // Where succeeded deployments went: distinct (project, cluster, namespace), of one project
  // when `project_id` is given, else of all (one query); by project, cluster, namespace.
  absl::StatusOr<std::vector<DeployedNamespace>> DeployedNamespaces(
      const std::string& project_id = "");
  // Every deployment of one request, by wave then cluster.
  absl::StatusOr<std::vector<Deployment>> ByRequest(store::Tx& tx, const std::string& request_id);

  // Compare-and-set: moves `id` from `from` to `to` only if it is still in `from`. Returns
  // whether this call moved it (false: someone else did, or it never was in `from`).
  absl::StatusOr<bool> Transition(store::Tx& tx, const std::string& id, State from, State to,
                                  const TransitionFields& fields = {});

  // Records a finished step once (a second record of the same step is ignored).
  absl::Status RecordStep(const std::string& id, const std::string& step,
                          const std::string& detail);
  absl::StatusOr<bool> StepDone(const std::string& id, const std::string& step);

  // The deployment rolling out to (project, cluster), if any.
  absl::StatusOr<std::optional<Deployment>> RollingOut(store::Tx& tx, const std::string& project_id,
                                                       const std::string& cluster);
  // The oldest queued deployment of (project, cluster) when none is rolling out there.
  absl::StatusOr<std::optional<Deployment>> NextQueued(store::Tx& tx, const std::string& project_id,
                                                       const std::string& cluster);
  // Every (project_id, cluster) with queued deployments and none rolling out, in order.
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> StalledQueues(store::Tx& tx);
  // The latest succeeded deployment of (project, cluster) other than `except` ids.
  absl::StatusOr<std::optional<Deployment>> LatestSucceeded(
      store::Tx& tx, const std::string& project_id, const std::string& cluster,
      const std::vector<std::string>& except = {});
  // The deployment of d's (project, cluster) whose rollout ran last before d's (succeeded, failed
  // or since rolled back): what was running there when d started.
  absl::StatusOr<std::optional<Deployment>> RanBefore(store::Tx& tx, const Deployment& d);
  // Whether `digest` has a succeeded (or since rolled back) deployment in `environment`.
  absl::StatusOr<bool> SucceededIn(store::Tx& tx, const std::string& project_id,
                                   const std::string& environment, const std::string& digest);

  // Pending approval, oldest first; only projects whose owner team `lead_user_id` leads unless
  // `all`.
  absl::StatusOr<std::vector<Deployment>> PendingApproval(bool all,
                                                          const std::string& lead_user_id);
  // The newest deployment per (project, cluster), optionally of one owner team (id).
  absl::StatusOr<std::vector<Deployment>> Latest(const std::string& team_id,
                                                 const std::string& project_id = "");

 private:
  store::Store* store_;
  const Clock* clock_;
};

}  // namespace paved::deploy::rollout
