// KubernetesRuntime::Workloads: Deployments with their pods, CronJobs with their recent Jobs.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/status_macros.h"
#include "deploy/runtime/kubernetes/api_paths.h"
#include "deploy/runtime/kubernetes/kubernetes_runtime.h"
#include "deploy/runtime/kubernetes/rollout_status.h"

namespace paved::deploy::runtime::kubernetes {
namespace {

using nlohmann::json;

json Meta(const json& o) { return o.value("metadata", json::object()); }
json Status(const json& o) { return o.value("status", json::object()); }

int64_t TimeMs(const std::string& rfc3339) {
  absl::Time t;
  std::string error;
  if (rfc3339.empty() || !absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &error)) return 0;
  return absl::ToUnixMillis(t);
}

std::string Component(const json& object) {
  const json labels = Meta(object).value("labels", json::object());
  return labels.value("app.kubernetes.io/name", Meta(object).value("name", ""));
}

// The first waiting reason of a container (CrashLoopBackOff ...), else "ready" when the pod's
// Ready condition is True, else its phase.
std::string PodState(const json& pod) {
  const json status = Status(pod);
  for (const json& c : status.value("containerStatuses", json::array())) {
    const std::string reason =
        c.value("state", json::object()).value("waiting", json::object()).value("reason", "");
    if (!reason.empty()) return reason;
  }
  for (const json& c : status.value("conditions", json::array())) {
    if (c.value("type", "") == "Ready" && c.value("status", "") == "True") return "ready";
  }
  return status.value("phase", "Pending");
}

Instance PodInstance(const json& pod, const std::string& deployment_id) {
  Instance i;
  i.name = Meta(pod).value("name", "");
  i.state = PodState(pod);
  for (const json& c : Status(pod).value("containerStatuses", json::array())) {
    i.restarts += c.value("restartCount", 0);
  }
  i.deployment_id = deployment_id;
  i.started_at_ms = TimeMs(Status(pod).value("startTime", ""));
  return i;
}

std::string JobState(const json& job) {
  for (const json& c : Status(job).value("conditions", json::array())) {
    if (c.value("status", "") != "True") continue;
    if (c.value("type", "") == "Complete") return "succeeded";
    if (c.value("type", "") == "Failed") return "failed";
  }
  return "running";
}

bool OwnedBy(const json& object, const std::string& kind, const std::string& name) {
  for (const json& ref : Meta(object).value("ownerReferences", json::array())) {
    if (ref.value("kind", "") == kind && ref.value("name", "") == name) return true;
  }
  return false;
}

std::vector<Instance> RecentJobs(const json& jobs, const std::string& cron_job, int limit) {
  std::vector<Instance> out;
  for (const json& job : jobs) {
    if (!OwnedBy(job, "CronJob", cron_job)) continue;
    Instance i;
    i.name = Meta(job).value("name", "");
    i.state = JobState(job);
    i.restarts = Status(job).value("failed", 0);
    i.started_at_ms = TimeMs(Status(job).value("startTime", ""));
    out.push_back(std::move(i));
  }
  std::sort(out.begin(), out.end(),
            [](const Instance& a, const Instance& b) { return a.started_at_ms > b.started_at_ms; });
  if (static_cast<int>(out.size()) > limit) out.resize(limit);
  return out;
}

}  // namespace

absl::StatusOr<std::vector<Workload>> KubernetesRuntime::DeploymentWorkloads(
    ApiClient& api, const std::string& ns, const std::string& selector) {
  const ApiResource deployments = *ResourceFor("apps/v1", "Deployment");
  const ApiResource pods = *ResourceFor("v1", "Pod");
  ASSIGN_OR_RETURN(json items, api.List(CollectionPath(deployments, ns), selector,
                                        absl::StrCat("list deployments in ", ns)));
  std::vector<Workload> out;
  for (const json& d : items) {
    Workload w;
    w.component = Component(d);
    w.kind = "Deployment";
    w.desired = d.value("spec", json::object()).value("replicas", 0);
    w.ready = Status(d).value("readyReplicas", 0);
    const std::string deployment_id =
        Meta(d).value("labels", json::object()).value(kDeploymentLabel, "");
    const std::string pod_selector = SelectorOf(d.value("spec", json::object())
                                                    .value("selector", json::object())
                                                    .value("matchLabels", json::object()));
    if (!pod_selector.empty()) {
      ASSIGN_OR_RETURN(json pod_items, api.List(CollectionPath(pods, ns), pod_selector,
                                                absl::StrCat("list pods in ", ns)));
      for (const json& pod : pod_items) w.instances.push_back(PodInstance(pod, deployment_id));
    }
    out.push_back(std::move(w));
  }
  return out;
}

absl::StatusOr<std::vector<Workload>> KubernetesRuntime::CronJobWorkloads(
    ApiClient& api, const std::string& ns, const std::string& selector) {
  const ApiResource cron_jobs = *ResourceFor("batch/v1", "CronJob");
  const ApiResource jobs = *ResourceFor("batch/v1", "Job");
  ASSIGN_OR_RETURN(json items, api.List(CollectionPath(cron_jobs, ns), selector,
                                        absl::StrCat("list cronjobs in ", ns)));
  if (items.empty()) return std::vector<Workload>{};
  ASSIGN_OR_RETURN(json job_items,
                   api.List(CollectionPath(jobs, ns), "", absl::StrCat("list jobs in ", ns)));
  std::vector<Workload> out;
  for (const json& c : items) {
    Workload w;
    w.component = Component(c);
    w.kind = "CronJob";
    w.ready = static_cast<int>(Status(c).value("active", json::array()).size());
    w.instances = RecentJobs(job_items, Meta(c).value("name", ""), options_.recent_jobs);
    out.push_back(std::move(w));
  }
  return out;
}

absl::StatusOr<std::vector<Workload>> KubernetesRuntime::Workloads(
    const platform::Cluster& cluster, const std::string& project,
    const std::string& namespace_name) {
  ASSIGN_OR_RETURN(ApiClient api, Connect(cluster));
  const std::string selector = ProjectSelector(project);
  ASSIGN_OR_RETURN(std::vector<Workload> out, DeploymentWorkloads(api, namespace_name, selector));
  ASSIGN_OR_RETURN(std::vector<Workload> cron, CronJobWorkloads(api, namespace_name, selector));
  for (Workload& w : cron) out.push_back(std::move(w));
  return out;
}

absl::StatusOr<std::string> KubernetesRuntime::Logs(const platform::Cluster& cluster,
                                                    const std::string& project,
                                                    const std::string& instance, int tail) {
  ASSIGN_OR_RETURN(ApiClient api, Connect(cluster));
  ASSIGN_OR_RETURN(json pods, api.List("/api/v1/pods", ProjectSelector(project),
                                       absl::StrCat("list pods of ", project)));
  for (const json& pod : pods) {
    if (Meta(pod).value("name", "") != instance) continue;
    const json containers = pod.value("spec", json::object()).value("containers", json::array());
    std::string target = absl::StrCat(
        ObjectPath(*ResourceFor("v1", "Pod"), Meta(pod).value("namespace", ""), instance), "/log");
    absl::StrAppend(&target, "?container=",
                    http::UrlEncode(containers.empty() ? "" : containers[0].value("name", "")));
    if (tail > 0) absl::StrAppend(&target, "&tailLines=", tail);
    return api.GetText(target, absl::StrCat("logs of pod ", instance));
  }
  return absl::NotFoundError(absl::StrCat("no pod ", instance, " of project ", project));
}

}  // namespace paved::deploy::runtime::kubernetes
