#pragma once

#include <functional>
#include <optional>
#include <string>

#include "nlohmann/json.hpp"

// Helpers to read Kubernetes objects held as JSON, tolerant of missing or mistyped fields.
namespace paved::deploy::policy {

std::string Kind(const nlohmann::json& obj);       // "" when absent
std::string Name(const nlohmann::json& obj);       // metadata.name
std::string Namespace(const nlohmann::json& obj);  // metadata.namespace, "default" when absent
// "Kind/namespace/name"; "Kind/name" for cluster-scoped kinds (ClusterRole, Namespace, ...).
std::string ObjectRef(const nlohmann::json& obj);

// The value at `keys` below `j`, or nullptr when any step is missing or not an object.
const nlohmann::json* At(const nlohmann::json& j, std::initializer_list<const char*> keys);
bool IsTrue(const nlohmann::json* value);  // a JSON true (nullptr → false)
// j[key] when it is a string, else `fallback`.
std::string StringField(const nlohmann::json& j, const char* key, const std::string& fallback);

// The pod spec of a workload and its path: Pod "spec", Deployment/StatefulSet/DaemonSet/Job
// "spec.template.spec", CronJob "spec.jobTemplate.spec.template.spec". nullopt otherwise.
struct PodSpec {
  const nlohmann::json* spec;
  std::string path;
};
std::optional<PodSpec> FindPodSpec(const nlohmann::json& obj);

// Calls fn(container, path) for each container ("<pod>.containers[i]"), and for each
// init container too when `with_init` is set.
using ContainerFn = std::function<void(const nlohmann::json& c, const std::string& path)>;
void ForEachContainer(const nlohmann::json& obj, bool with_init, const ContainerFn& fn);

}  // namespace paved::deploy::policy
