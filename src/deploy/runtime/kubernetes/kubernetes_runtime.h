#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "deploy/runtime/kubernetes/api_client.h"
#include "deploy/runtime/runtime.h"
#include "http/client.h"

namespace paved::deploy::runtime::kubernetes {

// The label every applied object carries: the deployment (rollout) that last applied it.
inline constexpr char kDeploymentLabel[] = "paved.dev/deployment";

struct KubernetesOptions {
  std::string field_manager = "paved";
  std::chrono::milliseconds timeout{10000};  // per API request
  std::string ca_dir;   // where inline CAs (certificate-authority-data) are written; "" = temp dir
  int recent_jobs = 5;  // Jobs shown per CronJob in Workloads()
  // Makes the HTTP client for one API server; the libcurl client when empty (tests pass one
  // that records the options).
  std::function<std::unique_ptr<http::Client>(const http::ClientOptions&)> new_client;
};

// Rolls out through a cluster's Kubernetes API server (cluster.endpoint; credentials from
// cluster.credentials, see ResolveCredentials). Thread-safe. Errors: credentials problems are
// InvalidArgument/NotFound; API server 4xx answers name the object and carry the server's
// message (401 → Unauthenticated, 403 → PermissionDenied); 5xx, 429 and transport failures or
// timeouts are Unavailable (retry later).
class KubernetesRuntime final : public Runtime {
 public:
  explicit KubernetesRuntime(KubernetesOptions options = {});

  // Server-side applies every object of t.objects (Namespace first, then in the given order),
  // each labelled paved.dev/deployment=<t.deployment_id>. Stops at the first error.
  absl::Status Apply(const RolloutTarget& t) override;
  // Reads every Deployment of t.objects and judges it like `kubectl rollout status`; a
  // progressing Deployment whose new ReplicaSet's pods are stuck (StuckPods; all its pods when
  // the new ReplicaSet is not found) is failed, naming the pods. Failed
  // when any Deployment failed, progressing when any is progressing, healthy otherwise (CronJobs
  // and other kinds are healthy once applied).
  absl::StatusOr<HealthReport> Check(const RolloutTarget& t) override;
  // Deletes, in t.namespace_name, the objects of every rendered namespaced kind labelled
  // paved.dev/project=<t.project>,app.kubernetes.io/managed-by=paved that t.objects does not
  // have (by kind and name). Never deletes the Namespace. Kinds the server does not serve (no
  // Istio) are skipped.
  absl::Status Prune(const RolloutTarget& t) override;
  // Deployments (desired = spec.replicas, ready = status.readyReplicas, pods as instances) and
  // CronJobs (desired 0, ready = active runs, recent Jobs as instances, newest first).
  absl::StatusOr<std::vector<Workload>> Workloads(const platform::Cluster& cluster,
                                                  const std::string& project,
                                                  const std::string& namespace_name) override;
  // The last `tail` lines (all when tail ≤ 0) of the first container of pod `instance`, found
  // among the project's pods in any namespace. NotFound naming the pod when it is not there.
  absl::StatusOr<std::string> Logs(const platform::Cluster& cluster, const std::string& project,
                                   const std::string& instance, int tail) override;

 private:
  absl::StatusOr<ApiClient> Connect(const platform::Cluster& cluster);
  absl::StatusOr<HealthReport> CheckDeployment(ApiClient& api, const nlohmann::json& object);
  absl::StatusOr<std::vector<Workload>> DeploymentWorkloads(ApiClient& api, const std::string& ns,
                                                            const std::string& selector);
  absl::StatusOr<std::vector<Workload>> CronJobWorkloads(ApiClient& api, const std::string& ns,
                                                         const std::string& selector);

  const KubernetesOptions options_;
  absl::Mutex mu_;
  std::map<std::string, std::unique_ptr<http::Client>> clients_ ABSL_GUARDED_BY(mu_);
};

// The label selector of what Paved manages for `project`.
std::string ProjectSelector(const std::string& project);

}  // namespace paved::deploy::runtime::kubernetes
