#include "deploy/runtime/kubernetes/rollout_status.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace paved::deploy::runtime::kubernetes {
namespace {

using nlohmann::json;

int64_t IntAt(const json& object, const json::json_pointer& pointer) {
  if (!object.contains(pointer)) return 0;
  const json& value = object.at(pointer);
  return value.is_number_integer() ? value.get<int64_t>() : 0;
}

std::string ProgressingReason(const json& status) {
  for (const json& c : status.value("conditions", json::array())) {
    if (c.value("type", "") == "Progressing") return c.value("reason", "");
  }
  return "";
}

HealthReport Report(Health health, std::string message) {
  HealthReport r;
  r.health = health;
  r.message = std::move(message);
  return r;
}

std::string StuckContainer(const json& status) {
  static const std::set<std::string> kPullFailures = {"ImagePullBackOff", "ErrImagePull",
                                                      "InvalidImageName"};
  const json waiting = status.value("state", json::object()).value("waiting", json::object());
  const std::string reason = waiting.value("reason", "");
  const int restarts = status.value("restartCount", 0);
  const bool crash_loop = reason == "CrashLoopBackOff" && restarts >= kCrashLoopRestarts;
  if (!crash_loop && kPullFailures.count(reason) == 0) return "";
  return absl::StrCat("container ", status.value("name", ""), " ", reason, " (", restarts,
                      " restarts)");
}

}  // namespace

HealthReport DeploymentHealth(const json& d) {
  const std::string name = d.value("metadata", json::object()).value("name", "");
  const json status = d.value("status", json::object());
  const int64_t generation = IntAt(d, "/metadata/generation"_json_pointer);
  if (generation > IntAt(d, "/status/observedGeneration"_json_pointer)) {
    return Report(Health::kProgressing,
                  absl::StrCat("deployment ", name, ": waiting for spec update to be observed"));
  }
  if (ProgressingReason(status) == "ProgressDeadlineExceeded") {
    return Report(Health::kFailed,
                  absl::StrCat("deployment ", name, " exceeded its progress deadline"));
  }
  const int64_t updated = IntAt(d, "/status/updatedReplicas"_json_pointer);
  const int64_t replicas = IntAt(d, "/status/replicas"_json_pointer);
  const int64_t available = IntAt(d, "/status/availableReplicas"_json_pointer);
  if (d.contains("/spec/replicas"_json_pointer)) {
    const int64_t desired = IntAt(d, "/spec/replicas"_json_pointer);
    if (updated < desired) {
      return Report(Health::kProgressing,
                    absl::StrCat("deployment ", name, ": ", updated, " out of ", desired,
                                 " new replicas have been updated"));
    }
  }
  if (replicas > updated) {
    return Report(Health::kProgressing, absl::StrCat("deployment ", name, ": ", replicas - updated,
                                                     " old replicas are pending termination"));
  }
  if (available < updated) {
    return Report(Health::kProgressing, absl::StrCat("deployment ", name, ": ", available, " of ",
                                                     updated, " updated replicas are available"));
  }
  return Report(Health::kHealthy, absl::StrCat("deployment ", name, " successfully rolled out"));
}

std::vector<std::string> StuckPods(const json& pods) {
  std::vector<std::string> out;
  for (const json& pod : pods) {
    const std::string name = pod.value("metadata", json::object()).value("name", "");
    const json status = pod.value("status", json::object());
    for (const char* list : {"initContainerStatuses", "containerStatuses"}) {
      for (const json& c : status.value(list, json::array())) {
        const std::string stuck = StuckContainer(c);
        if (!stuck.empty()) out.push_back(absl::StrCat("pod ", name, ": ", stuck));
      }
    }
  }
  return out;
}

std::string NewReplicaSetHash(const json& deployment, const json& replica_sets) {
  const json meta = deployment.value("metadata", json::object());
  const json want = deployment.value("spec", json::object()).value("template", json::object());
  for (const json& rs : replica_sets) {
    bool owned = false;
    for (const json& ref :
         rs.value("metadata", json::object()).value("ownerReferences", json::array())) {
      owned = owned || ref.value("uid", "") == meta.value("uid", "-");
    }
    json template_ = rs.value("spec", json::object()).value("template", json::object());
    if (!owned || !template_.contains("/metadata/labels/pod-template-hash"_json_pointer)) continue;
    const std::string hash = template_["metadata"]["labels"]["pod-template-hash"];
    template_["metadata"]["labels"].erase("pod-template-hash");
    if (template_ == want) return hash;
  }
  return "";
}

json PodsOfHash(const json& pods, const std::string& hash) {
  if (hash.empty()) return pods;
  json out = json::array();
  for (const json& pod : pods) {
    const json labels = pod.value("metadata", json::object()).value("labels", json::object());
    if (labels.value("pod-template-hash", "") == hash) out.push_back(pod);
  }
  return out;
}

std::string SelectorOf(const json& match_labels) {
  std::vector<std::string> terms;
  if (!match_labels.is_object()) return "";
  for (const auto& [key, value] : match_labels.items()) {
    if (value.is_string()) terms.push_back(absl::StrCat(key, "=", value.get<std::string>()));
  }
  return absl::StrJoin(terms, ",");
}

}  // namespace paved::deploy::runtime::kubernetes
