#include "deploy/policy/pod_spec.h"

#include <set>

namespace paved::deploy::policy {
namespace {

std::string StringAt(const nlohmann::json& obj, std::initializer_list<const char*> keys) {
  const nlohmann::json* v = At(obj, keys);
  return v && v->is_string() ? v->get<std::string>() : "";
}

bool ClusterScoped(const std::string& kind) {
  static const std::set<std::string> kKinds = {"ClusterRole",
                                               "ClusterRoleBinding",
                                               "Namespace",
                                               "PersistentVolume",
                                               "StorageClass",
                                               "CustomResourceDefinition",
                                               "PriorityClass",
                                               "ValidatingWebhookConfiguration",
                                               "MutatingWebhookConfiguration",
                                               "Node",
                                               "IngressClass"};
  return kKinds.count(kind) > 0;
}

void EachIn(const nlohmann::json& spec, const char* key, const std::string& base,
            const ContainerFn& fn) {
  auto it = spec.find(key);
  if (it == spec.end() || !it->is_array()) return;
  for (size_t i = 0; i < it->size(); ++i) {
    if ((*it)[i].is_object()) {
      fn((*it)[i], base + "." + key + "[" + std::to_string(i) + "]");
    }
  }
}

}  // namespace

const nlohmann::json* At(const nlohmann::json& j, std::initializer_list<const char*> keys) {
  const nlohmann::json* cur = &j;
  for (const char* k : keys) {
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(k);
    if (it == cur->end()) return nullptr;
    cur = &*it;
  }
  return cur;
}

bool IsTrue(const nlohmann::json* value) {
  return value && value->is_boolean() && value->get<bool>();
}

std::string StringField(const nlohmann::json& j, const char* key, const std::string& fallback) {
  const nlohmann::json* v = At(j, {key});
  return v && v->is_string() ? v->get<std::string>() : fallback;
}

std::string Kind(const nlohmann::json& obj) { return StringAt(obj, {"kind"}); }
std::string Name(const nlohmann::json& obj) { return StringAt(obj, {"metadata", "name"}); }

std::string Namespace(const nlohmann::json& obj) {
  std::string ns = StringAt(obj, {"metadata", "namespace"});
  return ns.empty() ? "default" : ns;
}

std::string ObjectRef(const nlohmann::json& obj) {
  std::string kind = Kind(obj);
  if (ClusterScoped(kind)) return kind + "/" + Name(obj);
  return kind + "/" + Namespace(obj) + "/" + Name(obj);
}

std::optional<PodSpec> FindPodSpec(const nlohmann::json& obj) {
  std::string kind = Kind(obj);
  const nlohmann::json* spec = nullptr;
  std::string path;
  if (kind == "Pod") {
    spec = At(obj, {"spec"}), path = "spec";
  } else if (kind == "CronJob") {
    spec = At(obj, {"spec", "jobTemplate", "spec", "template", "spec"});
    path = "spec.jobTemplate.spec.template.spec";
  } else if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
             kind == "Job") {
    spec = At(obj, {"spec", "template", "spec"}), path = "spec.template.spec";
  }
  if (!spec || !spec->is_object()) return std::nullopt;
  return PodSpec{spec, path};
}

void ForEachContainer(const nlohmann::json& obj, bool with_init, const ContainerFn& fn) {
  auto pod = FindPodSpec(obj);
  if (!pod) return;
  EachIn(*pod->spec, "containers", pod->path, fn);
  if (with_init) EachIn(*pod->spec, "initContainers", pod->path, fn);
}

}  // namespace paved::deploy::policy
