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
#include "deploy/runtime/kubernetes/api_paths.h"
#include "deploy/runtime/kubernetes/kube_config.h"
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
  int recent_events = 10;  // Events shown per workload in Workloads()
  // How long one Check may follow a progressing Deployment with a watch (timeoutSeconds of the
  // watch request); 0 = judge by GET only (polling).
  int watch_timeout_seconds = 5;
  // Makes the HTTP client for one API server; the libcurl client when empty (tests pass one
  // that records the options).
  std::function<std::unique_ptr<http::Client>(const http::ClientOptions&)> new_client;
  // Which credentials references clusters may use (see ResolveCredentials).
  platform::CredentialsPolicy credentials_policy;
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
  // each labelled paved.dev/deployment=<t.deployment_id>. Stops at the first error. Applies
  // nothing (FailedPrecondition) when an object lies outside t.namespace_name or the live
  // Namespace is labelled paved.dev/project for another project.
  absl::Status Apply(const RolloutTarget& t) override;
  // Reads every Deployment of t.objects and judges it like `kubectl rollout status`; a
  // progressing Deployment whose new ReplicaSet's pods are stuck (StuckPods; all its pods when
  // the new ReplicaSet is not found) is failed, naming the pods. Failed
  // when any Deployment failed, progressing when any is progressing, healthy otherwise (CronJobs
  // and other kinds are healthy once applied).
  // The first Deployment still progressing after its GET is followed with a watch from the
  // resourceVersion read (fieldSelector metadata.name=<name>, timeoutSeconds =
  // watch_timeout_seconds; 410 Gone → read again and watch from there), each event judged the
  // same way, until one is no longer progressing or the server ends the stream. When the watch
  // fails, the GET's judgement stands (the caller polls again). A failed Deployment's message
  // ends with its newest Warning events (BackOff, FailedScheduling ...; the Deployment, its
  // ReplicaSets and pods), and details list them.
  absl::StatusOr<HealthReport> Check(const RolloutTarget& t) override;
  // Deletes, in t.namespace_name, the objects of every rendered namespaced kind labelled
  // paved.dev/project=<t.project>,app.kubernetes.io/managed-by=paved that t.objects does not
  // have (by kind and name). Never deletes the Namespace. Kinds the server does not serve (no
  // Istio) are skipped.
  absl::Status Prune(const RolloutTarget& t) override;
  // Deployments (desired = spec.replicas, ready = status.readyReplicas, pods as instances) and
  // CronJobs (desired 0, ready = active runs, schedule, lastScheduleTime, lastSuccessfulTime,
  // recent Jobs it owns as instances, newest first). Each with its recent Events (the namespace's
  // events about the workload, its ReplicaSets, pods or Jobs; newest first); events are left out
  // when they cannot be read (e.g. RBAC).
  absl::StatusOr<std::vector<Workload>> Workloads(const platform::Cluster& cluster,
                                                  const std::string& project,
                                                  const std::string& namespace_name) override;
  // The last `tail` lines (all when tail ≤ 0) of the first container of pod `instance`, found
  // among the project's pods in any namespace. NotFound naming the pod when it is not there.
  absl::StatusOr<std::string> Logs(const platform::Cluster& cluster, const std::string& project,
                                   const std::string& instance, int tail) override;

 private:
  absl::StatusOr<ApiClient> Connect(const platform::Cluster& cluster);
  // `may_watch`: whether this call may spend the watch budget; cleared when it does.
  absl::StatusOr<HealthReport> CheckDeployment(ApiClient& api, const nlohmann::json& object,
                                               bool* may_watch);
  absl::StatusOr<nlohmann::json> WatchDeployment(ApiClient& api, const ObjectRef& ref,
                                                 nlohmann::json live);
  void AddWarnings(ApiClient& api, const ObjectRef& ref, const std::vector<std::string>& pods,
                   HealthReport& report);
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

// The events among `events` (an events list's items) about the workload `name`: the object
// itself (`kind`), or one whose name is in `related`, or (kind "Deployment") a ReplicaSet
// "<name>-<hash>" or pod "<name>-<hash>-<suffix>". Newest first (lastTimestamp, else
// series.lastObservedTime, eventTime, metadata.creationTimestamp); at most `limit`.
std::vector<WorkloadEvent> EventsAbout(const nlohmann::json& events, const std::string& kind,
                                       const std::string& name,
                                       const std::vector<std::string>& related, int limit);

}  // namespace paved::deploy::runtime::kubernetes
