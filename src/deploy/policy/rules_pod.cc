// Rules on the pod spec of a workload: user, host access.
#include "deploy/policy/pod_spec.h"
#include "deploy/policy/rule_checks.h"

namespace paved::deploy::policy {
namespace {

bool IsRootUser(const nlohmann::json* user) {
  return user && user->is_number_integer() && user->get<int64_t>() == 0;
}

}  // namespace

void CheckRunAsNonRoot(const RuleContext&, const nlohmann::json& obj, std::vector<Violation>* out) {
  auto pod = FindPodSpec(obj);
  if (!pod) return;
  std::string pod_path = pod->path + ".securityContext";
  if (IsRootUser(At(*pod->spec, {"securityContext", "runAsUser"}))) {
    out->push_back({pod_path + ".runAsUser", "the pod runs as user 0 (root)"});
  }
  bool pod_non_root = IsTrue(At(*pod->spec, {"securityContext", "runAsNonRoot"}));
  bool inherits_root = false;
  ForEachContainer(obj, true, [&](const nlohmann::json& c, const std::string& path) {
    std::string name = StringField(c, "name", "?");
    if (IsRootUser(At(c, {"securityContext", "runAsUser"}))) {
      out->push_back(
          {path + ".securityContext.runAsUser", "container '" + name + "' runs as user 0 (root)"});
    }
    const nlohmann::json* v = At(c, {"securityContext", "runAsNonRoot"});
    if (!v) {
      inherits_root = inherits_root || !pod_non_root;
    } else if (!IsTrue(v)) {
      out->push_back({path + ".securityContext.runAsNonRoot",
                      "container '" + name + "' sets runAsNonRoot to false"});
    }
  });
  if (inherits_root) {
    out->push_back({pod_path + ".runAsNonRoot",
                    "runAsNonRoot is not true for the pod nor set on every container"});
  }
}

void CheckHostPath(const RuleContext&, const nlohmann::json& obj, std::vector<Violation>* out) {
  auto pod = FindPodSpec(obj);
  if (!pod) return;
  const nlohmann::json* volumes = At(*pod->spec, {"volumes"});
  if (!volumes || !volumes->is_array()) return;
  for (size_t i = 0; i < volumes->size(); ++i) {
    const nlohmann::json& v = (*volumes)[i];
    if (v.is_object() && v.contains("hostPath")) {
      out->push_back({pod->path + ".volumes[" + std::to_string(i) + "].hostPath",
                      "volume '" + StringField(v, "name", "?") + "' mounts a path of the node"});
    }
  }
}

void CheckHostNamespaces(const RuleContext&, const nlohmann::json& obj,
                         std::vector<Violation>* out) {
  auto pod = FindPodSpec(obj);
  if (!pod) return;
  for (const char* field : {"hostNetwork", "hostPID", "hostIPC"}) {
    if (IsTrue(At(*pod->spec, {field}))) {
      out->push_back({pod->path + "." + field, std::string("the pod sets ") + field + ": true"});
    }
  }
}

}  // namespace paved::deploy::policy
