#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/score_check.h"
#include "core/clock.h"
#include "deploy/policy/exceptions.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::deploy::platform {

// An environment a project is promoted through (alpha → production). Table environments.
struct Environment {
  std::string name;         // DNS label
  int position = 0;         // promotion order, ascending
  bool production = false;  // production rules apply (approvals, replicas ≥ 2, PDB)
};

// Where manifests go. Table clusters.
struct Cluster {
  std::string name;         // DNS label, unique
  std::string region;       // e.g. eu-west-1; "local" for the local runtime
  std::string environment;  // an Environment's name
  std::string runtime;      // "local" | "kubernetes" | "gitops"
  std::string endpoint;     // API server URL, git remote URL, or empty for local
  // Reference to credentials (see credentials_reference.h), never a secret; shown to admins only.
  std::string credentials;
  std::string mesh;                // "" | "istio"
  std::vector<std::string> zones;  // availability zones, for topology spread and locality LB
  // The API server's minor version, "1.33"; "" = unknown (renders assume
  // kDefaultKubernetesVersion, see kubernetes_version.h).
  std::string kubernetes_version;
  // Slugs of the teams whose projects may target it; empty = every team.
  std::vector<std::string> teams;
};

nlohmann::json EnvironmentToJson(const Environment& e);
// The cluster as the API shows it; "credentials" only when `with_credentials`.
// OK when projects owned by team `team_slug` may target and deploy to `c` (its `teams` name the
// team, or are empty); otherwise PermissionDenied (403 forbidden, field "clusters") naming them.
absl::Status CheckClusterAcceptsTeam(const Cluster& c, const std::string& team_slug);

nlohmann::json ClusterToJson(const Cluster& c, bool with_credentials);

// A recorded exception as stored (table policy_exceptions).
struct StoredException {
  std::string id;
  policy::PolicyException exception;  // rule, project (slug), reason, approved_by, expires_at_ms
  std::string project_id;
  int64_t created_at_ms = 0;
  std::optional<int64_t> revoked_at_ms;
  std::string revoked_by;
  bool active = false;  // unrevoked and unexpired when the store read it (the store's clock)
};

// {"id","project","rule","reason","approved_by","expires_at","created_at","revoked_at",
//  "revoked_by","active"}; times RFC 3339, revoked_at null while not revoked.
nlohmann::json StoredExceptionToJson(const StoredException& e);

// Environments, clusters, per-project targets and policy exceptions. The defaults (alpha,
// production; local-alpha, local-production on the local runtime) are inserted by migration 6.
class PlatformStore {
 public:
  PlatformStore(store::Store* store, const Clock* clock) : store_(store), clock_(clock) {}

  // The ids of the projects targeting a cluster of a production environment.
  absl::StatusOr<std::set<std::string>> ProjectsWithProductionTarget();

  absl::StatusOr<std::vector<Environment>> Environments();              // by position
  absl::StatusOr<Environment> GetEnvironment(const std::string& name);  // NotFound
  absl::StatusOr<Environment> GetEnvironment(store::Tx& tx, const std::string& name);
  absl::Status PutEnvironment(store::Tx& tx, const Environment& e);  // create or replace
  // FailedPrecondition when a cluster still belongs to it.
  absl::Status DeleteEnvironment(store::Tx& tx, const std::string& name);

  absl::StatusOr<std::vector<Cluster>> Clusters();  // by environment position, then name
  absl::StatusOr<std::vector<Cluster>> Clusters(store::Tx& tx);
  absl::StatusOr<Cluster> GetCluster(const std::string& name);  // NotFound
  absl::StatusOr<Cluster> GetCluster(store::Tx& tx, const std::string& name);
  // Create or replace. NotFound (field "environment") when the environment does not exist.
  absl::Status PutCluster(store::Tx& tx, const Cluster& c);
  // FailedPrecondition when a project still targets it.
  absl::Status DeleteCluster(store::Tx& tx, const std::string& name);

  // The clusters a project deploys to, in Clusters() order.
  absl::StatusOr<std::vector<Cluster>> Targets(const std::string& project_id);
  // Every (project id, cluster name) target of every project, by project then cluster.
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> AllTargets();
  absl::StatusOr<std::vector<Cluster>> Targets(store::Tx& tx, const std::string& project_id);
  // Replaces the set (duplicates collapse). NotFound (field "clusters") naming the first unknown
  // cluster; NotFound when the project does not exist.
  absl::Status SetTargets(store::Tx& tx, const std::string& project_id,
                          const std::vector<std::string>& clusters);

  // Exceptions of a project, newest first; revoked and expired ones included (history).
  absl::StatusOr<std::vector<StoredException>> Exceptions(const std::string& project_id);
  // One exception of the project; NotFound otherwise.
  absl::StatusOr<StoredException> GetException(const std::string& project_id,
                                               const std::string& id);
  // Unrevoked, unexpired at `now_ms`: what ApplyExceptions gets.
  absl::StatusOr<std::vector<policy::PolicyException>> ActiveExceptions(
      const std::string& project_id, int64_t now_ms);
  // Records `e` (its `project` is ignored: filled with the project's slug) with a new id and
  // created_at now. NotFound when the project does not exist; InvalidArgument when rule, reason
  // or approved_by is empty or expires_at_ms is not in the future.
  absl::StatusOr<StoredException> AddException(store::Tx& tx, const std::string& project_id,
                                               const policy::PolicyException& e);
  // NotFound when no such exception for the project; FailedPrecondition when already revoked.
  absl::StatusOr<StoredException> RevokeException(store::Tx& tx, const std::string& project_id,
                                                  const std::string& id, const std::string& by);

 private:
  store::Store* store_;
  const Clock* clock_;
};

// The scorecard check "has_production_target": the project deploys to a production cluster.
catalog::ContributedScoreCheck ProductionTargetScoreCheck(PlatformStore* platform);

}  // namespace paved::deploy::platform
