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

}  // namespace

std::string ProjectSelector(const std::string& project) {
  return absl::StrCat("paved.dev/project=", project, ",app.kubernetes.io/managed-by=paved");
}

KubernetesRuntime::KubernetesRuntime(KubernetesOptions options) : options_(std::move(options)) {}

absl::StatusOr<ApiClient> KubernetesRuntime::Connect(const platform::Cluster& cluster) {
  ASSIGN_OR_RETURN(Credentials credentials, ResolveCredentials(cluster));
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
  for (const json* object : ApplyOrder(t.objects)) {
    ASSIGN_OR_RETURN(ObjectRef ref, RefFor(*object));
    const std::string what = absl::StrCat("apply ", ref.Describe());
    RETURN_IF_ERROR(
        api.Apply(ref.path, Labelled(*object, t.deployment_id), options_.field_manager, what)
            .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<HealthReport> KubernetesRuntime::CheckDeployment(ApiClient& api,
                                                                const json& object) {
  ASSIGN_OR_RETURN(ObjectRef ref, RefFor(object));
  absl::StatusOr<json> live = api.Get(ref.path, absl::StrCat("read ", ref.Describe()));
  if (absl::IsNotFound(live.status())) {
    HealthReport r;
    r.message = absl::StrCat("deployment ", ref.name, " does not exist yet");
    return r;
  }
  if (!live.ok()) return live.status();
  HealthReport report = DeploymentHealth(*live);
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
  std::vector<std::string> stuck = StuckPods(PodsOfHash(items, NewReplicaSetHash(*live, sets)));
  if (stuck.empty()) return report;
  report.health = Health::kFailed;
  report.message = absl::StrCat("deployment ", ref.name, ": ", stuck.front());
  report.details = std::move(stuck);
  return report;
}

absl::StatusOr<HealthReport> KubernetesRuntime::Check(const RolloutTarget& t) {
  ASSIGN_OR_RETURN(ApiClient api, Connect(t.cluster));
  std::vector<HealthReport> reports;
  for (const json& object : t.objects) {
    if (object.value("kind", "") != "Deployment") continue;
    ASSIGN_OR_RETURN(HealthReport r, CheckDeployment(api, object));
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
