#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "deploy/platform/platform_store.h"
#include "deploy/spec/app_spec.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::runtime {

// One release going to one cluster: what a runtime needs to apply it.
struct RolloutTarget {
  platform::Cluster cluster;
  std::string environment;
  std::string project;  // slug
  std::string team;     // owner team slug
  std::string namespace_name;
  std::string deployment_id;  // unique; labels what this rollout created
  std::string requester;
  std::string approver;  // "" when none was needed
  std::string reason;
  std::string digest;  // the artifact
  int64_t spec_version = 0;
  std::string manifest_hash;  // of the redacted manifests
  // The rendered objects WITH secret values: apply them, never log or store them.
  std::vector<nlohmann::json> objects;
  // The same objects as YAML with secret values redacted: safe to write where people read.
  // (The gitops runtime writes `objects` to git with Secret values removed — keys only; the
  // cluster's secret operator provides the values — see gitops/README.md.)
  std::string display_yaml;
  // For the local runtime: the spec and each component's complete environment (spec env,
  // overrides, config set data, secret values as NAME_IN_UPPER_SNAKE) by component name.
  const spec::AppSpec* spec = nullptr;
  std::map<std::string, std::map<std::string, std::string>> component_env;
};

enum class Health { kProgressing, kHealthy, kFailed };
const char* HealthName(Health h);  // "progressing" | "healthy" | "failed"

// One look at a rollout, like `kubectl rollout status`: still progressing, done, or failed
// (with the reason: deadline exceeded, crash-looping pods, health checks failing ...).
struct HealthReport {
  Health health = Health::kProgressing;
  std::string message;               // one line for the deployment's status
  std::vector<std::string> details;  // e.g. "pod web-7d9f: CrashLoopBackOff (5 restarts)"
};

// A running instance of a component (a pod, a local process).
struct Instance {
  std::string name;
  std::string state;  // running | starting | ready | crashed | stopped | Pending | ...
  int restarts = 0;
  std::string url;            // local runtime: where it answers, e.g. http://127.0.0.1:41234
  std::string deployment_id;  // which rollout started it
  int64_t started_at_ms = 0;
};

// A Kubernetes Event about a workload or its pods (kubectl describe's "Events").
struct WorkloadEvent {
  std::string type;    // Normal | Warning
  std::string reason;  // BackOff, FailedScheduling, ScalingReplicaSet ...
  std::string object;  // "Pod/web-7d9f-x2" — what it is about
  std::string message;
  int count = 1;
  int64_t last_seen_ms = 0;
};

struct Workload {
  std::string component;
  std::string kind;  // Deployment | CronJob | process
  int desired = 0;
  int ready = 0;
  std::vector<Instance> instances;  // CronJob: its recent runs (Jobs), newest first
  // CronJob only: the schedule and when it last ran / last succeeded (0 = never or unknown).
  std::string schedule;
  int64_t last_schedule_ms = 0;
  int64_t last_successful_ms = 0;
  std::vector<WorkloadEvent> events;  // newest first (Kubernetes runtime)
};

nlohmann::json WorkloadToJson(const Workload& w);

// One interface, three backends (local processes, the Kubernetes API, a GitOps repository).
// Every call is idempotent: a rollout resumed after a crash calls them again with the same
// target, and must not start, apply or commit anything twice.
class Runtime {
 public:
  virtual ~Runtime() = default;

  // What a developer must know about this runtime before relying on it (e.g. that it cannot
  // isolate workloads here, so it starts nothing); "" when all is well.
  virtual std::string Notice() const { return ""; }

  // Starts the rollout of `t` (apply objects / start new instances / commit and push).
  virtual absl::Status Apply(const RolloutTarget& t) = 0;
  // One observation of the rollout started by Apply. The caller polls until kHealthy or
  // kFailed, or gives up after its deadline.
  virtual absl::StatusOr<HealthReport> Check(const RolloutTarget& t) = 0;
  // Removes what earlier releases of this project created in the cluster and `t` no longer has
  // (objects selected by the paved.dev/project label; old local instances).
  virtual absl::Status Prune(const RolloutTarget& t) = 0;
  // What runs now for a project in a cluster.
  virtual absl::StatusOr<std::vector<Workload>> Workloads(const platform::Cluster& cluster,
                                                          const std::string& project,
                                                          const std::string& namespace_name) = 0;
  // Optional features answer Unimplemented by default, which the API reports as
  // 400 not_supported (see http/errors.h): the caller asked a cluster for something its
  // runtime cannot do.
  // Stops everything of a project (local runtime).
  virtual absl::Status Stop(const platform::Cluster& cluster, const std::string& project) {
    return absl::UnimplementedError("the " + cluster.runtime + " runtime of cluster " +
                                    cluster.name + " cannot stop a project");
  }
  // The last `tail` log lines of one instance of a project (local and Kubernetes runtimes).
  virtual absl::StatusOr<std::string> Logs(const platform::Cluster& cluster,
                                           const std::string& project, const std::string& instance,
                                           int tail) {
    return absl::UnimplementedError("the " + cluster.runtime + " runtime of cluster " +
                                    cluster.name + " keeps no logs; look in the cluster itself");
  }
};

// A runtime's failure as an API caller should see it. NotFound (no such instance),
// InvalidArgument (an unusable name) and Unimplemented (not_supported) are about the request
// and pass through; anything else is the cluster's trouble — its API server refusing Paved's
// credentials is not the caller being unauthenticated — and becomes Unavailable (503).
absl::Status ForApiCaller(const absl::Status& status);

// Runtimes by kind ("local", "kubernetes", "gitops"). Owns them.
class RuntimeRegistry {
 public:
  void Add(const std::string& kind, std::unique_ptr<Runtime> runtime);
  // NotFound (naming the kind) when no runtime serves the cluster's kind.
  absl::StatusOr<Runtime*> For(const platform::Cluster& cluster) const;

 private:
  std::map<std::string, std::unique_ptr<Runtime>> runtimes_;
};

}  // namespace paved::deploy::runtime
