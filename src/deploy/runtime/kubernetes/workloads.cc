// KubernetesRuntime::Workloads: Deployments with their pods, CronJobs with their recent Jobs.
#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
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

std::vector<std::string> SplitDash(const std::string& s) {
  std::vector<std::string> out = absl::StrSplit(s, '-');
  return out;
}

// Whether `name` is "<owner>-<one segment>" (a ReplicaSet or Job) or "<owner>-<seg>-<seg>" (a
// pod of one), segments without '-'.
bool NamedAfter(const std::string& name, const std::string& owner, int max_segments) {
  if (!absl::StartsWith(name, owner + "-")) return false;
  const std::vector<std::string> rest = SplitDash(name.substr(owner.size() + 1));
  return !rest.empty() && static_cast<int>(rest.size()) <= max_segments &&
         std::none_of(rest.begin(), rest.end(), [](const std::string& p) { return p.empty(); });
}

// `o[key]` when it is a string, else "" (events carry nulls).
std::string StringAt(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}

// `o[key]` when it is an object, else {}.
json ObjectAt(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_object() ? *it : json::object();
}

int64_t LastSeenMs(const json& e) {
  for (const std::string& t :
       {StringAt(e, "lastTimestamp"), StringAt(ObjectAt(e, "series"), "lastObservedTime"),
        StringAt(e, "eventTime"), StringAt(ObjectAt(e, "metadata"), "creationTimestamp")}) {
    if (int64_t ms = TimeMs(t); ms > 0) return ms;
  }
  return 0;
}

WorkloadEvent ToEvent(const json& e) {
  const json involved = ObjectAt(e, "involvedObject");
  WorkloadEvent out;
  out.type = StringAt(e, "type");
  out.reason = StringAt(e, "reason");
  out.message = StringAt(e, "message");
  out.object = absl::StrCat(StringAt(involved, "kind"), "/", StringAt(involved, "name"));
  const json series = ObjectAt(e, "series");
  out.count = e.value("count", json()).is_number_integer()        ? e["count"].get<int>()
              : series.value("count", json()).is_number_integer() ? series["count"].get<int>()
                                                                  : 1;
  out.count = std::max(out.count, 1);
  out.last_seen_ms = LastSeenMs(e);
  return out;
}

// The namespace's events, or an empty list when they cannot be read.
json NamespaceEvents(ApiClient& api, const std::string& ns) {
  absl::StatusOr<json> events = api.List(CollectionPath(*ResourceFor("v1", "Event"), ns), "",
                                         absl::StrCat("list events in ", ns));
  return events.ok() ? *events : json::array();
}

}  // namespace

std::vector<WorkloadEvent> EventsAbout(const json& events, const std::string& kind,
                                       const std::string& name,
                                       const std::vector<std::string>& related, int limit) {
  std::vector<WorkloadEvent> out;
  for (const json& e : events) {
    const json involved = ObjectAt(e, "involvedObject");
    const std::string k = StringAt(involved, "kind");
    const std::string n = StringAt(involved, "name");
    const bool about = (k == kind && n == name) ||
                       std::find(related.begin(), related.end(), n) != related.end() ||
                       (kind == "Deployment" && k == "ReplicaSet" && NamedAfter(n, name, 1)) ||
                       (kind == "Deployment" && k == "Pod" && NamedAfter(n, name, 2));
    if (about) out.push_back(ToEvent(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const WorkloadEvent& a, const WorkloadEvent& b) {
    return a.last_seen_ms > b.last_seen_ms;
  });
  if (static_cast<int>(out.size()) > limit) out.resize(std::max(limit, 0));
  return out;
}

absl::StatusOr<std::vector<Workload>> KubernetesRuntime::DeploymentWorkloads(
    ApiClient& api, const std::string& ns, const std::string& selector) {
  const ApiResource deployments = *ResourceFor("apps/v1", "Deployment");
  const ApiResource pods = *ResourceFor("v1", "Pod");
  ASSIGN_OR_RETURN(json items, api.List(CollectionPath(deployments, ns), selector,
                                        absl::StrCat("list deployments in ", ns)));
  std::vector<Workload> out;
  const json events = items.empty() ? json::array() : NamespaceEvents(api, ns);
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
    std::vector<std::string> pod_names;
    for (const Instance& i : w.instances) pod_names.push_back(i.name);
    w.events = EventsAbout(events, "Deployment", Meta(d).value("name", ""), pod_names,
                           options_.recent_events);
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
  const json events = NamespaceEvents(api, ns);
  for (const json& c : items) {
    Workload w;
    w.component = Component(c);
    w.kind = "CronJob";
    w.ready = static_cast<int>(Status(c).value("active", json::array()).size());
    w.schedule = c.value("spec", json::object()).value("schedule", "");
    w.last_schedule_ms = TimeMs(Status(c).value("lastScheduleTime", ""));
    w.last_successful_ms = TimeMs(Status(c).value("lastSuccessfulTime", ""));
    const std::string name = Meta(c).value("name", "");
    w.instances = RecentJobs(job_items, name, options_.recent_jobs);
    std::vector<std::string> job_names;
    for (const Instance& i : w.instances) job_names.push_back(i.name);
    w.events = EventsAbout(events, "CronJob", name, job_names, options_.recent_events);
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
