#include "deploy/rollout/component_env.h"

#include "absl/strings/escaping.h"

namespace paved::deploy::rollout {
namespace {

using json = nlohmann::json;
using Data = std::map<std::string, std::string>;

// ConfigMap and Secret data by "Kind/name" (Secret data base64-decoded).
std::map<std::string, Data> DataObjects(const std::vector<json>& objects) {
  std::map<std::string, Data> out;
  for (const auto& o : objects) {
    std::string kind = o.value("kind", "");
    if (kind != "ConfigMap" && kind != "Secret") continue;
    Data& data = out[kind + "/" + o["metadata"].value("name", "")];
    for (const char* field : {"data", "stringData"}) {
      if (!o.contains(field) || !o[field].is_object()) continue;
      for (const auto& [k, v] : o[field].items()) {
        if (!v.is_string()) continue;
        std::string value = v.get<std::string>();
        if (kind == "Secret" && std::string(field) == "data") {
          std::string decoded;
          if (absl::Base64Unescape(value, &decoded)) value = decoded;
        }
        data[k] = value;
      }
    }
  }
  return out;
}

const json* PodSpec(const json& o) {
  std::string kind = o.value("kind", "");
  if (kind == "CronJob") {
    return &o["spec"]["jobTemplate"]["spec"]["template"]["spec"];
  }
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "Job") {
    return &o["spec"]["template"]["spec"];
  }
  return nullptr;
}

std::string RefValue(const json& from, const std::map<std::string, Data>& data) {
  for (auto [ref, kind] : {std::pair{"configMapKeyRef", "ConfigMap"}, {"secretKeyRef", "Secret"}}) {
    if (!from.contains(ref)) continue;
    auto it = data.find(std::string(kind) + "/" + from[ref].value("name", ""));
    if (it == data.end()) return "";
    auto v = it->second.find(from[ref].value("key", ""));
    return v == it->second.end() ? "" : v->second;
  }
  return "";
}

void AddContainerEnv(const json& c, const std::map<std::string, Data>& data, Data& env) {
  if (c.contains("envFrom")) {
    for (const auto& from : c["envFrom"]) {
      for (auto [ref, kind] : {std::pair{"configMapRef", "ConfigMap"}, {"secretRef", "Secret"}}) {
        if (!from.contains(ref)) continue;
        auto it = data.find(std::string(kind) + "/" + from[ref].value("name", ""));
        if (it != data.end()) env.insert(it->second.begin(), it->second.end());
      }
    }
  }
  if (c.contains("env")) {
    for (const auto& e : c["env"]) {
      std::string name = e.value("name", "");
      if (e.contains("value") && e["value"].is_string()) {
        env[name] = e["value"].get<std::string>();
      } else if (e.contains("valueFrom")) {
        env[name] = RefValue(e["valueFrom"], data);
      }
    }
  }
}

}  // namespace

std::map<std::string, Data> ComponentEnv(const std::vector<json>& objects) {
  auto data = DataObjects(objects);
  std::map<std::string, Data> out;
  for (const auto& o : objects) {
    const json* pod = PodSpec(o);
    if (!pod || !pod->is_object() || !pod->contains("containers")) continue;
    std::string component =
        o["metadata"].value("labels", json::object()).value("app.kubernetes.io/name", "");
    if (component.empty()) component = o["metadata"].value("name", "");
    Data& env = out[component];
    if (!(*pod)["containers"].empty()) AddContainerEnv((*pod)["containers"][0], data, env);
  }
  return out;
}

}  // namespace paved::deploy::rollout
