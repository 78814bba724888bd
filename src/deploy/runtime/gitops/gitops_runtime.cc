#include "deploy/runtime/gitops/gitops_runtime.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "core/yaml.h"
#include "deploy/platform/credentials_reference.h"
#include "deploy/runtime/gitops/manifest_files.h"
#include "deploy/runtime/gitops/working_copy.h"

namespace paved::deploy::runtime::gitops {
namespace {

constexpr int kPushAttempts = 4;     // the first push and 3 retries
constexpr int kHistoryLimit = 1000;  // commits looked at for a deployment's trailer
constexpr char kDeploymentTrailer[] = "Paved-Deployment";
constexpr char kAppliers[] = "Argo CD / Flux";

absl::Status InCluster(const platform::Cluster& c, const absl::Status& s) {
  if (s.ok()) return s;
  return absl::Status(s.code(), absl::StrCat("gitops cluster ", c.name, ": ", s.message()));
}

std::string Short(const CommitId& id) { return id.substr(0, 12); }

bool SameFiles(const std::vector<TreeFile>& have, const std::map<std::string, std::string>& want) {
  if (have.size() != want.size()) return false;
  for (const TreeFile& f : have) {
    auto it = want.find(f.name);
    if (it == want.end() || it->second != f.content) return false;
  }
  return true;
}

// The Deployments that committed HorizontalPodAutoscalers scale, with their minReplicas (1 when
// unset, as in Kubernetes): such a Deployment has no spec.replicas of its own.
std::map<std::string, int> AutoscaledMinimums(const std::vector<TreeFile>& files) {
  std::map<std::string, int> min_replicas;
  for (const TreeFile& file : files) {
    try {
      absl::StatusOr<YAML::Node> loaded = LoadYaml(file.content);
      if (!loaded.ok()) continue;
      YAML::Node doc = *loaded;
      if (!doc["kind"] || doc["kind"].as<std::string>() != "HorizontalPodAutoscaler") continue;
      YAML::Node spec = doc["spec"];
      if (!spec || !spec["scaleTargetRef"] || !spec["scaleTargetRef"]["name"]) continue;
      min_replicas[spec["scaleTargetRef"]["name"].as<std::string>()] =
          spec["minReplicas"] ? spec["minReplicas"].as<int>() : 1;
    } catch (const YAML::Exception&) {
      continue;
    }
  }
  return min_replicas;
}

// The paved.dev/project label of a Kubernetes object, "" when it has none.
std::string LabelledProject(const YAML::Node& doc) {
  YAML::Node meta = doc["metadata"];
  if (!meta || !meta.IsMap() || !meta["labels"] || !meta["labels"].IsMap()) return "";
  YAML::Node project = meta["labels"]["paved.dev/project"];
  return project && project.IsScalar() ? project.as<std::string>() : "";
}

// The workload a committed file describes; nullopt for a file of another project or one that
// is not a Kubernetes object.
std::optional<Workload> WorkloadOf(const TreeFile& file, const std::string& project,
                                   const std::map<std::string, int>& autoscaled) {
  try {
    absl::StatusOr<YAML::Node> loaded = LoadYaml(file.content);
    if (!loaded.ok()) return std::nullopt;
    YAML::Node doc = *loaded;
    YAML::Node meta = doc["metadata"];
    if (!doc["kind"] || !meta || !meta["name"]) return std::nullopt;
    std::string owner = LabelledProject(doc);
    if (!owner.empty() && owner != project) return std::nullopt;
    Workload w;
    w.component = meta["name"].as<std::string>();
    w.kind = doc["kind"].as<std::string>();
    YAML::Node spec = doc["spec"];
    if (spec && spec.IsMap() && spec["replicas"]) {
      w.desired = spec["replicas"].as<int>();
    } else if (auto it = autoscaled.find(w.component); it != autoscaled.end()) {
      w.desired = it->second;
    }
    return w;
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

// A release replaces its whole directory: never one that holds another project's files.
absl::Status RefuseForeignFiles(const std::vector<TreeFile>& files, const std::string& dir,
                                const std::string& project) {
  for (const TreeFile& file : files) {
    std::string owner;
    try {
      owner = LabelledProject(YAML::Load(file.content));
    } catch (const YAML::Exception&) {
      continue;  // not a Kubernetes object
    }
    if (!owner.empty() && owner != project) {
      return absl::FailedPreconditionError(
          absl::StrCat(dir, " holds files of project ", owner, " (", file.name, "); project ",
                       project, " may not replace them, nothing was committed"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

struct GitOpsRuntime::Session {
  std::unique_lock<std::mutex> lock;
  std::unique_ptr<WorkingCopy> copy;
};

absl::StatusOr<std::string> ResolveCredentials(const std::string& reference) {
  if (reference.empty()) return std::string();
  if (!absl::StartsWith(reference, "env:")) {
    return absl::InvalidArgumentError(std::string("credentials must be empty or env:") +
                                      platform::kClusterEnvPrefix + "<NAME>");
  }
  ASSIGN_OR_RETURN(std::string name, platform::AllowedEnvVariable(reference));
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0') {
    // Not named: deployment views show this to developers; admins see the reference.
    return absl::FailedPreconditionError(
        "the environment variable the cluster's credentials name is not set on the server");
  }
  return std::string(value);
}

GitOpsRuntime::GitOpsRuntime(std::string work_dir, const Clock* clock, BeforePush before_push)
    : work_dir_(std::move(work_dir)), clock_(clock), before_push_(std::move(before_push)) {}

GitOpsRuntime::~GitOpsRuntime() = default;

std::mutex& GitOpsRuntime::ClusterMutex(const std::string& cluster) {
  absl::MutexLock lock(&mu_);
  std::unique_ptr<std::mutex>& m = cluster_mu_[cluster];
  if (m == nullptr) m = std::make_unique<std::mutex>();
  return *m;
}

absl::StatusOr<std::unique_ptr<GitOpsRuntime::Session>> GitOpsRuntime::Open(
    const platform::Cluster& cluster) {
  RETURN_IF_ERROR(ReleaseDirectory(cluster.name, "-").status());
  if (cluster.endpoint.empty()) {
    return absl::FailedPreconditionError("gitops cluster " + cluster.name +
                                         " has no endpoint (git remote)");
  }
  absl::StatusOr<std::string> token = ResolveCredentials(cluster.credentials);
  RETURN_IF_ERROR(InCluster(cluster, token.status()));
  auto session = std::make_unique<Session>();
  session->lock = std::unique_lock<std::mutex>(ClusterMutex(cluster.name));
  std::string dir = (std::filesystem::path(work_dir_) / cluster.name).string();
  absl::StatusOr<std::unique_ptr<WorkingCopy>> copy =
      WorkingCopy::OpenOrClone(dir, cluster.endpoint, *token);
  RETURN_IF_ERROR(InCluster(cluster, copy.status()));
  session->copy = std::move(*copy);
  RETURN_IF_ERROR(InCluster(cluster, session->copy->Fetch()));
  return session;
}

absl::Status GitOpsRuntime::Apply(const RolloutTarget& t) {
  ASSIGN_OR_RETURN(std::string dir, ReleaseDirectory(t.cluster.name, t.namespace_name));
  ASSIGN_OR_RETURN(auto files, ReleaseFiles(t.objects));
  ASSIGN_OR_RETURN(std::unique_ptr<Session> session, Open(t.cluster));
  for (int attempt = 0; attempt < kPushAttempts; ++attempt) {
    if (attempt > 0) RETURN_IF_ERROR(InCluster(t.cluster, session->copy->Fetch()));
    bool done = false;
    absl::Status s = ApplyOnce(*session->copy, t, dir, files, attempt, done);
    RETURN_IF_ERROR(InCluster(t.cluster, s));
    if (done) return absl::OkStatus();
  }
  return absl::UnavailableError(absl::StrCat("gitops cluster ", t.cluster.name, ": push to ",
                                             t.cluster.endpoint, " rejected ", kPushAttempts,
                                             " times (the branch keeps moving)"));
}

absl::Status GitOpsRuntime::ApplyOnce(WorkingCopy& copy, const RolloutTarget& t,
                                      const std::string& dir,
                                      const std::map<std::string, std::string>& files, int attempt,
                                      bool& done) {
  ASSIGN_OR_RETURN(std::optional<CommitId> tip, copy.RemoteTip());
  if (tip) {
    ASSIGN_OR_RETURN(auto found, copy.FindCommitWithTrailer(*tip, kDeploymentTrailer,
                                                            t.deployment_id, kHistoryLimit));
    done = found.has_value();
    if (done) return absl::OkStatus();
  }
  RETURN_IF_ERROR(copy.ResetHard(tip));
  if (tip) {
    ASSIGN_OR_RETURN(std::vector<TreeFile> current, copy.FilesAt(tip, dir));
    RETURN_IF_ERROR(RefuseForeignFiles(current, dir, t.project));
  }
  ASSIGN_OR_RETURN(std::optional<CommitId> commit,
                   copy.CommitDirectory(dir, files, CommitMessage(t), "Paved", "paved@localhost",
                                        clock_->NowMs()));
  done = !commit.has_value();  // nothing changed: nothing to commit or push
  if (done) return absl::OkStatus();
  if (before_push_) before_push_(attempt);
  ASSIGN_OR_RETURN(WorkingCopy::PushResult result, copy.Push());
  done = result == WorkingCopy::PushResult::kPushed;
  return absl::OkStatus();
}

absl::StatusOr<HealthReport> GitOpsRuntime::Check(const RolloutTarget& t) {
  ASSIGN_OR_RETURN(std::string dir, ReleaseDirectory(t.cluster.name, t.namespace_name));
  ASSIGN_OR_RETURN(auto files, ReleaseFiles(t.objects));
  ASSIGN_OR_RETURN(std::unique_ptr<Session> session, Open(t.cluster));
  WorkingCopy& copy = *session->copy;
  ASSIGN_OR_RETURN(std::optional<CommitId> tip, copy.RemoteTip());
  HealthReport report;
  if (!tip) {
    report.message = "branch " + copy.branch() + " has no commit yet";
    return report;
  }
  ASSIGN_OR_RETURN(auto found, copy.FindCommitWithTrailer(*tip, kDeploymentTrailer, t.deployment_id,
                                                          kHistoryLimit));
  if (found) {
    report.health = Health::kHealthy;
    report.message = absl::StrCat("committed ", Short(*found), " to ", copy.branch(), " of ",
                                  t.cluster.endpoint, "; ", kAppliers, " applies it");
    return report;
  }
  ASSIGN_OR_RETURN(std::vector<TreeFile> current, copy.FilesAt(tip, dir));
  if (SameFiles(current, files)) {
    report.health = Health::kHealthy;
    report.message = absl::StrCat("no change: ", dir, " on ", copy.branch(), " already matched ",
                                  "this release at ", Short(*tip), ", nothing committed; ",
                                  kAppliers, " keeps it applied");
    return report;
  }
  report.message = absl::StrCat("not yet committed to ", copy.branch(), " of ", t.cluster.endpoint);
  return report;
}

absl::Status GitOpsRuntime::Prune(const RolloutTarget& t) { return absl::OkStatus(); }

absl::StatusOr<std::vector<Workload>> GitOpsRuntime::Workloads(const platform::Cluster& cluster,
                                                               const std::string& project,
                                                               const std::string& namespace_name) {
  ASSIGN_OR_RETURN(std::string dir, ReleaseDirectory(cluster.name, namespace_name));
  ASSIGN_OR_RETURN(std::unique_ptr<Session> session, Open(cluster));
  WorkingCopy& copy = *session->copy;
  ASSIGN_OR_RETURN(std::optional<CommitId> tip, copy.RemoteTip());
  std::vector<Workload> workloads;
  if (!tip) return workloads;
  ASSIGN_OR_RETURN(std::vector<TreeFile> files, copy.FilesAt(tip, dir));
  ASSIGN_OR_RETURN(std::optional<CommitId> last, copy.LastCommitTouching(*tip, dir, kHistoryLimit));
  Instance committed{.state = "committed"};
  if (last) {
    ASSIGN_OR_RETURN(std::string message, copy.MessageOf(*last));
    ASSIGN_OR_RETURN(committed.started_at_ms, copy.TimeMsOf(*last));
    committed.name = Short(*last);
    committed.deployment_id = TrailerValue(message, kDeploymentTrailer);
  }
  std::map<std::string, int> autoscaled = AutoscaledMinimums(files);
  for (const TreeFile& file : files) {
    std::optional<Workload> w = WorkloadOf(file, project, autoscaled);
    if (!w) continue;
    w->instances.push_back(committed);
    workloads.push_back(std::move(*w));
  }
  return workloads;
}

}  // namespace paved::deploy::runtime::gitops
