#include "deploy/runtime/kubernetes/kubernetes_runtime.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "deploy/runtime/kubernetes/api_paths.h"
#include "deploy/runtime/kubernetes/rollout_status.h"

namespace paved::deploy::runtime::kubernetes {
namespace {

using nlohmann::json;

// Namespace first; otherwise the renderer's order.
std::vector<const json*> ApplyOrder(const std::vector<json>& objects) {
  std::vector<const json*> order;
  for (const json& o : objects) order.push_back(&o);
  std::stable_sort(order.begin(), order.end(), [](const json* a, const json* b) {
    return a->value("kind", "") == "Namespace" && b->value("kind", "") != "Namespace";
  });
  return order;
}

json Labelled(const json& object, const std::string& deployment_id) {
  json out = object;
  out["metadata"]["labels"][kDeploymentLabel] = deployment_id;
  return out;
}

HealthReport Combine(std::vector<HealthReport> reports) {
  HealthReport out;
  out.health = Health::kHealthy;
  out.message = absl::StrCat(reports.size(), " deployments rolled out");
  for (Health wanted : {Health::kFailed, Health::kProgressing}) {
    for (HealthReport& r : reports) {
      if (r.health != wanted) continue;
      if (out.health != wanted) {
        out.health = wanted;
        out.message = r.message;
      }
      out.details.insert(out.details.end(), r.details.begin(), r.details.end());
      if (r.details.empty()) out.details.push_back(r.message);
    }
    if (out.health == wanted) return out;
  }
  return out;
}

// A release goes to t.namespace_name only, and never into a namespace that another project's
// releases made (labelled with that project).
absl::Status CheckTargetNamespace(ApiClient& api, const RolloutTarget& t) {
  for (const json& object : t.objects) {
    ASSIGN_OR_RETURN(ObjectRef ref, RefFor(object));
    if (ref.resource.namespaced && ref.namespace_name != t.namespace_name) {
      return absl::FailedPreconditionError(
          absl::StrCat(ref.Describe(), " is outside the release's namespace ", t.namespace_name));
    }
  }
  const std::string path = ObjectPath(*ResourceFor("v1", "Namespace"), "", t.namespace_name);
  absl::StatusOr<json> live = api.Get(path, "get namespace " + t.namespace_name);
  if (absl::IsNotFound(live.status())) return absl::OkStatus();
  RETURN_IF_ERROR(live.status());
  const json labels = live->value("metadata", json::object()).value("labels", json::object());
  const std::string owner = labels.value("paved.dev/project", "");
  if (!owner.empty() && owner != t.project) {
    return absl::FailedPreconditionError(absl::StrCat(
        "namespace ", t.namespace_name, " on cluster ", t.cluster.name, " belongs to project ",
        owner, "; project ", t.project, " may not apply into it, nothing was applied"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string ProjectSelector(const std::string& project) {
  return absl::StrCat("paved.dev/project=", project, ",app.kubernetes.io/managed-by=paved");
}

KubernetesRuntime::KubernetesRuntime(KubernetesOptions options) : options_(std::move(options)) {}

absl::StatusOr<ApiClient> KubernetesRuntime::Connect(const platform::Cluster& cluster) {
  ASSIGN_OR_RETURN(Credentials credentials,
                   ResolveCredentials(cluster, options_.credentials_policy));
  const std::string dir =
      options_.ca_dir.empty() ? std::filesystem::temp_directory_path().string() : options_.ca_dir;
  ASSIGN_OR_RETURN(std::string ca_file, CaFileFor(credentials, dir));
  http::ClientOptions client_options;
  client_options.ca_file = ca_file;
  client_options.verify_tls = !credentials.insecure_skip_tls_verify;
  client_options.use_env_proxy = false;
  const std::string key =
      absl::StrCat(credentials.server, "|", ca_file, "|", client_options.verify_tls);
  absl::MutexLock lock(&mu_);
  std::unique_ptr<http::Client>& client = clients_[key];
  if (client == nullptr) {
    client = options_.new_client ? options_.new_client(client_options)
                                 : http::NewCurlClient(client_options);
  }
  return ApiClient(client.get(), std::move(credentials), options_.timeout);
}

absl::Status KubernetesRuntime::Apply(const RolloutTarget& t) {
  ASSIGN_OR_RETURN(ApiClient api, Connect(t.cluster));
  RETURN_IF_ERROR(CheckTargetNamespace(api, t));
  for (const json* object : ApplyOrder(t.objects)) {
    ASSIGN_OR_RETURN(ObjectRef ref, RefFor(*object));
    const std::string what = absl::StrCat("apply ", ref.Describe());
    RETURN_IF_ERROR(
        api.Apply(ref.path, Labelled(*object, t.deployment_id), options_.field_manager, what)
            .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<json> KubernetesRuntime::WatchDeployment(ApiClient& api, const ObjectRef& ref,
                                                        json live) {
  const std::string collection = CollectionPath(ref.resource, ref.namespace_name);
  const std::string what = absl::StrCat("watch ", ref.Describe());
  for (int attempt = 0; attempt < 2; ++attempt) {
    const std::string rv = live.value("metadata", json::object()).value("resourceVersion", "");
    absl::StatusOr<std::vector<json>> events = api.Watch(collection, "metadata.name=" + ref.name,
                                                         rv, options_.watch_timeout_seconds, what);
    if (absl::IsOutOfRange(events.status())) {  // 410 Gone: read again, watch from there
      ASSIGN_OR_RETURN(live, api.Get(ref.path, absl::StrCat("read ", ref.Describe())));
      if (DeploymentHealth(live).health != Health::kProgressing) return live;
      continue;
    }
    if (!events.ok()) return events.status();
    for (const json& event : *events) {
      const std::string type = event.value("type", "");
      if (type == "DELETED") return absl::NotFoundError(ref.Describe() + " was deleted");
      if (type != "ADDED" && type != "MODIFIED") continue;  // BOOKMARK
      live = event.value("object", json::object());
      if (DeploymentHealth(live).health != Health::kProgressing) break;
    }
    return live;
  }
  return live;
}

void KubernetesRuntime::AddWarnings(ApiClient& api, const ObjectRef& ref,
                                    const std::vector<std::string>& pods, HealthReport& report) {
  absl::StatusOr<json> events =
      api.List(CollectionPath(*ResourceFor("v1", "Event"), ref.namespace_name), "",
               absl::StrCat("list events in ", ref.namespace_name));
  if (!events.ok()) return;  // the failure stands without them
  json warnings = json::array();
  for (const json& e : *events) {
    auto type = e.find("type");
    if (type != e.end() && *type == "Warning") warnings.push_back(e);
  }
  std::vector<WorkloadEvent> about = EventsAbout(warnings, "Deployment", ref.name, pods, 3);
  for (const WorkloadEvent& e : about) {
    report.details.push_back(absl::StrCat("event ", e.object, ": ", e.reason, ": ", e.message,
                                          e.count > 1 ? absl::StrCat(" (x", e.count, ")") : ""));
  }
  if (!about.empty()) {
    absl::StrAppend(&report.message, " — ", about.front().reason, ": ", about.front().message);
  }
}

absl::StatusOr<HealthReport> KubernetesRuntime::CheckDeployment(ApiClient& api, const json& object,
                                                                bool* may_watch) {
  ASSIGN_OR_RETURN(ObjectRef ref, RefFor(object));
  absl::StatusOr<json> live = api.Get(ref.path, absl::StrCat("read ", ref.Describe()));
  HealthReport missing;
  missing.message = absl::StrCat("deployment ", ref.name, " does not exist yet");
  if (absl::IsNotFound(live.status())) return missing;
  if (!live.ok()) return live.status();
  HealthReport report = DeploymentHealth(*live);
  if (report.health == Health::kProgressing && *may_watch && options_.watch_timeout_seconds > 0) {
    *may_watch = false;
    absl::StatusOr<json> watched = WatchDeployment(api, ref, *live);
    if (absl::IsNotFound(watched.status())) return missing;
    if (watched.ok()) {  // otherwise the GET's judgement stands: the caller polls
      *live = std::move(*watched);
      report = DeploymentHealth(*live);
    }
  }
  if (report.health == Health::kFailed) AddWarnings(api, ref, {}, report);
  if (report.health != Health::kProgressing) return report;
  const std::string selector = SelectorOf(live->value("spec", json::object())
                                              .value("selector", json::object())
                                              .value("matchLabels", json::object()));
  if (selector.empty()) return report;
  const ApiResource pods = *ResourceFor("v1", "Pod");
  const ApiResource replica_sets = *ResourceFor("apps/v1", "ReplicaSet");
  ASSIGN_OR_RETURN(json items, api.List(CollectionPath(pods, ref.namespace_name), selector,
                                        absl::StrCat("list pods of ", ref.Describe())));
  ASSIGN_OR_RETURN(json sets, api.List(CollectionPath(replica_sets, ref.namespace_name), selector,
                                       absl::StrCat("list replicasets of ", ref.Describe())));
  // Only the new ReplicaSet's pods: old ones crash-looping must not fail the release fixing them.
  const json new_pods = PodsOfHash(items, NewReplicaSetHash(*live, sets));
  std::vector<std::string> stuck = StuckPods(new_pods);
  if (stuck.empty()) return report;
  report.health = Health::kFailed;
  report.message = absl::StrCat("deployment ", ref.name, ": ", stuck.front());
  report.details = std::move(stuck);
  std::vector<std::string> pod_names;
  for (const json& pod : new_pods) {
    pod_names.push_back(pod.value("metadata", json::object()).value("name", ""));
  }
  AddWarnings(api, ref, pod_names, report);
  return report;
}

absl::StatusOr<HealthReport> KubernetesRuntime::Check(const RolloutTarget& t) {
  ASSIGN_OR_RETURN(ApiClient api, Connect(t.cluster));
  std::vector<HealthReport> reports;
  bool may_watch = true;  // one watch per Check, so a Check stays within one watch timeout
  for (const json& object : t.objects) {
    if (object.value("kind", "") != "Deployment") continue;
    ASSIGN_OR_RETURN(HealthReport r, CheckDeployment(api, object, &may_watch));
    reports.push_back(std::move(r));
  }
  return Combine(std::move(reports));
}

absl::Status KubernetesRuntime::Prune(const RolloutTarget& t) {
  ASSIGN_OR_RETURN(ApiClient api, Connect(t.cluster));
  std::set<std::pair<std::string, std::string>> kept;  // (kind, name)
  for (const json& o : t.objects) {
    kept.emplace(o.value("kind", ""), o.value("metadata", json::object()).value("name", ""));
  }
  for (const ApiResource& r : RenderedResources()) {
    if (!r.namespaced) continue;
    absl::StatusOr<json> items =
        api.List(CollectionPath(r, t.namespace_name), ProjectSelector(t.project),
                 absl::StrCat("list ", r.plural, " in ", t.namespace_name));
    if (absl::IsNotFound(items.status())) continue;  // kind not served (e.g. no Istio)
    if (!items.ok()) return items.status();
    for (const json& item : *items) {
      const std::string name = item.value("metadata", json::object()).value("name", "");
      if (name.empty() || kept.count({r.kind, name}) > 0) continue;
      RETURN_IF_ERROR(
          api.Delete(ObjectPath(r, t.namespace_name, name),
                     absl::StrCat("delete ", r.kind, " ", t.namespace_name, "/", name)));
    }
  }
  return absl::OkStatus();
}

}  // namespace paved::deploy::runtime::kubernetes
