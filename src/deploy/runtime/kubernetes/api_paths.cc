#include "deploy/runtime/kubernetes/api_paths.h"

#include "absl/strings/str_cat.h"
#include "http/client.h"

namespace paved::deploy::runtime::kubernetes {
namespace {

const std::vector<ApiResource>& KnownResources() {
  static const auto* kAll = new std::vector<ApiResource>{
      {"v1", "Namespace", "namespaces", false},
      {"v1", "ServiceAccount", "serviceaccounts", true},
      {"v1", "ConfigMap", "configmaps", true},
      {"v1", "Secret", "secrets", true},
      {"apps/v1", "Deployment", "deployments", true},
      {"v1", "Service", "services", true},
      {"networking.k8s.io/v1", "Ingress", "ingresses", true},
      {"autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true},
      {"policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", true},
      {"batch/v1", "CronJob", "cronjobs", true},
      {"networking.istio.io/v1beta1", "DestinationRule", "destinationrules", true},
      {"monitoring.coreos.com/v1", "PrometheusRule", "prometheusrules", true},
      // Read only.
      {"v1", "Pod", "pods", true},
      {"apps/v1", "ReplicaSet", "replicasets", true},
      {"batch/v1", "Job", "jobs", true},
      {"v1", "Event", "events", true},
  };
  return *kAll;
}

}  // namespace

absl::StatusOr<ApiResource> ResourceFor(const std::string& api_version, const std::string& kind) {
  for (const ApiResource& r : KnownResources()) {
    if (r.api_version == api_version && r.kind == kind) return r;
  }
  return absl::NotFoundError(absl::StrCat("unknown kind ", api_version, "/", kind));
}

const std::vector<ApiResource>& RenderedResources() {
  static const auto* kRendered =
      new std::vector<ApiResource>(KnownResources().begin(), KnownResources().begin() + 12);
  return *kRendered;
}

std::string GroupVersionPath(const std::string& api_version) {
  if (api_version.find('/') == std::string::npos) return "/api/" + api_version;
  return "/apis/" + api_version;
}

std::string CollectionPath(const ApiResource& r, const std::string& ns) {
  if (!r.namespaced) return absl::StrCat(GroupVersionPath(r.api_version), "/", r.plural);
  return absl::StrCat(GroupVersionPath(r.api_version), "/namespaces/", http::UrlEncode(ns), "/",
                      r.plural);
}

std::string ObjectPath(const ApiResource& r, const std::string& ns, const std::string& name) {
  return absl::StrCat(CollectionPath(r, ns), "/", http::UrlEncode(name));
}

std::string ObjectRef::Describe() const {
  if (namespace_name.empty()) return absl::StrCat(resource.kind, " ", name);
  return absl::StrCat(resource.kind, " ", namespace_name, "/", name);
}

absl::StatusOr<ObjectRef> RefFor(const nlohmann::json& object) {
  const std::string api_version = object.value("apiVersion", "");
  const std::string kind = object.value("kind", "");
  const nlohmann::json meta = object.value("metadata", nlohmann::json::object());
  const std::string name = meta.value("name", "");
  if (api_version.empty() || kind.empty() || name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("object without apiVersion, kind or metadata.name: ", kind, " ", name));
  }
  absl::StatusOr<ApiResource> resource = ResourceFor(api_version, kind);
  if (!resource.ok()) return resource.status();
  ObjectRef ref;
  ref.resource = *resource;
  ref.namespace_name = resource->namespaced ? meta.value("namespace", "") : "";
  if (resource->namespaced && ref.namespace_name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(kind, " ", name, " has no metadata.namespace"));
  }
  ref.name = name;
  ref.path = ObjectPath(ref.resource, ref.namespace_name, name);
  return ref;
}

}  // namespace paved::deploy::runtime::kubernetes
