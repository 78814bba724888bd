#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "core/clock.h"
#include "deploy/runtime/runtime.h"

namespace paved::deploy::runtime::gitops {

class WorkingCopy;

// The GitOps runtime: a rollout is one commit of the rendered objects to a Git repository,
// which Argo CD (or Flux) applies to the cluster.
//
// Cluster fields: `endpoint` is the remote (https://, ssh://, file:// URL or a local path to a
// bare repository); `credentials` is "" or "env:PAVED_CLUSTER_<NAME>", the environment variable
// holding an HTTPS token (no other variable may be named, see platform::AllowedEnvVariable). Each
// cluster has its own working copy at <work_dir>/<cluster>, cloned with libgit2 on first use; the
// remote's default branch (its HEAD when cloned) is the one written.
//
// A release owns the directory clusters/<cluster>/<namespace>/ (Apply refuses, committing
// nothing, when a file there is labelled paved.dev/project for another project): one file per
// object,
// "<kind-lowercase>-<name>.yaml". Secret objects are written with their keys only (empty
// values, annotation paved.dev/redacted: "true"): secret values never enter git; the cluster's
// secret operator (External Secrets, Sealed Secrets) provides them.
//
// Thread-safe; calls for the same cluster are serialised.
class GitOpsRuntime : public Runtime {
 public:
  // Test seam: called after the commit is made and before each push, with the attempt
  // number (0, 1, ...).
  using BeforePush = std::function<void(int attempt)>;

  // `work_dir` (e.g. <data_dir>/gitops) is created when missing; `clock` dates commits and
  // must outlive the runtime.
  GitOpsRuntime(std::string work_dir, const Clock* clock, BeforePush before_push = nullptr);
  ~GitOpsRuntime() override;

  // Fetches and hard-resets the working copy to the remote branch, rewrites the release's
  // directory (removing files of objects the release no longer has), commits with author
  // "Paved <paved@localhost>" and a message carrying the trailers Requested-by, Approved-by,
  // Reason, Artifact, Paved-Deployment and Manifest-Hash, and pushes. Does nothing when the
  // branch already has a commit with "Paved-Deployment: <id>", or when the directory already
  // matches the release. A push rejected because the remote moved on is retried on the new
  // head up to 3 times. Errors: Unavailable (remote unreachable, authentication, push still
  // rejected), FailedPrecondition (credentials reference unusable), InvalidArgument (names).
  absl::Status Apply(const RolloutTarget& t) override;
  // Healthy once the deployment's commit (or, when nothing changed, the same content) is on
  // the remote branch; Argo CD / Flux then apply it. Progressing until then.
  absl::StatusOr<HealthReport> Check(const RolloutTarget& t) override;
  // A no-op: Apply already removes the files of objects a release no longer has.
  absl::Status Prune(const RolloutTarget& t) override;
  // The objects in clusters/<cluster>/<namespace>/ on the remote branch (those labelled for
  // another project left out), as workloads {component: name, kind, desired: spec.replicas},
  // each with one instance in state "committed" naming the deployment of the last commit that
  // changed the directory. Nothing is read from the cluster itself: ready is 0.
  absl::StatusOr<std::vector<Workload>> Workloads(const platform::Cluster& cluster,
                                                  const std::string& project,
                                                  const std::string& namespace_name) override;

 private:
  struct Session;
  // Opens (cloning when needed) and fetches the cluster's working copy, holding its lock.
  absl::StatusOr<std::unique_ptr<Session>> Open(const platform::Cluster& cluster);
  absl::Status ApplyOnce(WorkingCopy& copy, const RolloutTarget& t, const std::string& dir,
                         const std::map<std::string, std::string>& files, int attempt, bool& done);
  std::mutex& ClusterMutex(const std::string& cluster);

  std::string work_dir_;
  const Clock* clock_;
  BeforePush before_push_;
  absl::Mutex mu_;
  std::map<std::string, std::unique_ptr<std::mutex>> cluster_mu_ ABSL_GUARDED_BY(mu_);
};

// The token a credentials reference names: "" → "", "env:PAVED_CLUSTER_<NAME>" → the
// variable's value. FailedPrecondition when the variable is unset or empty; InvalidArgument for
// another form or another variable (PAVED_SECRET_KEY, cloud keys, ...).
absl::StatusOr<std::string> ResolveCredentials(const std::string& reference);

}  // namespace paved::deploy::runtime::gitops
