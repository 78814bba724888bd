// Rules on whole objects: availability in production, labels, RBAC, load balancers.
#include <algorithm>

#include "deploy/policy/pod_spec.h"
#include "deploy/policy/rule_checks.h"

namespace paved::deploy::policy {
namespace {

constexpr char kProduction[] = "production";

// True when `pdb` is a PodDisruptionBudget in `ns` whose matchLabels (non-empty) all appear in
// `pod_labels`.
bool PdbSelects(const nlohmann::json& pdb, const std::string& ns,
                const nlohmann::json& pod_labels) {
  if (Kind(pdb) != "PodDisruptionBudget" || Namespace(pdb) != ns) return false;
  const nlohmann::json* match = At(pdb, {"spec", "selector", "matchLabels"});
  if (!match || !match->is_object() || match->empty()) return false;
  for (const auto& [key, value] : match->items()) {
    auto it = pod_labels.find(key);
    if (it == pod_labels.end() || *it != value) return false;
  }
  return true;
}

void CheckWildcards(const nlohmann::json& rule, const std::string& path,
                    std::vector<Violation>* out) {
  for (const char* field : {"verbs", "resources", "apiGroups"}) {
    const nlohmann::json* list = At(rule, {field});
    if (!list || !list->is_array()) continue;
    for (size_t j = 0; j < list->size(); ++j) {
      if ((*list)[j] == "*") {
        out->push_back({path + "." + field + "[" + std::to_string(j) + "]",
                        std::string("wildcard '*' in ") + field});
      }
    }
  }
}

// The HorizontalPodAutoscaler in the same namespace that scales `obj`, if any.
const nlohmann::json* HpaOf(const RuleContext& ctx, const nlohmann::json& obj) {
  for (const auto& other : ctx.objects) {
    if (Kind(other) != "HorizontalPodAutoscaler" || Namespace(other) != Namespace(obj)) continue;
    const nlohmann::json* ref = At(other, {"spec", "scaleTargetRef"});
    if (ref && ref->is_object() && ref->value("kind", "") == Kind(obj) &&
        ref->value("name", "") == Name(obj)) {
      return &other;
    }
  }
  return nullptr;
}

}  // namespace

// With an autoscaler the HPA owns the replica count: its minReplicas (default 1) is what counts.
void CheckProductionReplicas(const RuleContext& ctx, const nlohmann::json& obj,
                             std::vector<Violation>* out) {
  if (ctx.environment != kProduction) return;
  if (const nlohmann::json* hpa = HpaOf(ctx, obj)) {
    const nlohmann::json* min = At(*hpa, {"spec", "minReplicas"});
    if (!min || !min->is_number_integer() || min->get<int64_t>() < 2) {
      out->push_back({"spec.replicas", "HorizontalPodAutoscaler " + Name(*hpa) +
                                           " has minReplicas " + (min ? min->dump() : "unset (1)") +
                                           " in production"});
    }
    return;
  }
  const nlohmann::json* replicas = At(obj, {"spec", "replicas"});
  if (!replicas) {
    out->push_back({"spec.replicas", "replicas is not set (defaults to 1) in production"});
  } else if (!replicas->is_number_integer() || replicas->get<int64_t>() < 2) {
    out->push_back({"spec.replicas", "replicas is " + replicas->dump() + " in production"});
  }
}

void CheckProductionPdb(const RuleContext& ctx, const nlohmann::json& obj,
                        std::vector<Violation>* out) {
  if (ctx.environment != kProduction) return;
  const nlohmann::json* labels = At(obj, {"spec", "template", "metadata", "labels"});
  static const nlohmann::json kNone = nlohmann::json::object();
  const nlohmann::json& pod_labels = labels && labels->is_object() ? *labels : kNone;
  std::string ns = Namespace(obj);
  bool covered = std::any_of(ctx.objects.begin(), ctx.objects.end(),
                             [&](const auto& other) { return PdbSelects(other, ns, pod_labels); });
  if (!covered) {
    out->push_back({"spec.template.metadata.labels",
                    "no PodDisruptionBudget in namespace " + ns + " selects these pods"});
  }
}

void CheckRequiredLabels(const RuleContext& ctx, const nlohmann::json& obj,
                         std::vector<Violation>* out) {
  const nlohmann::json* labels = At(obj, {"metadata", "labels"});
  for (const std::string& label : ctx.config.required_labels) {
    const nlohmann::json* v = labels ? At(*labels, {label.c_str()}) : nullptr;
    if (v && v->is_string() && !v->get<std::string>().empty()) continue;
    out->push_back({"metadata.labels['" + label + "']", "label " + label + " is missing"});
  }
}

void CheckRbacWildcards(const RuleContext&, const nlohmann::json& obj,
                        std::vector<Violation>* out) {
  const nlohmann::json* rules = At(obj, {"rules"});
  if (!rules || !rules->is_array()) return;
  for (size_t i = 0; i < rules->size(); ++i) {
    CheckWildcards((*rules)[i], "rules[" + std::to_string(i) + "]", out);
  }
}

void CheckLoadBalancer(const RuleContext& ctx, const nlohmann::json& obj,
                       std::vector<Violation>* out) {
  const nlohmann::json* type = At(obj, {"spec", "type"});
  if (!type || *type != "LoadBalancer") return;
  const auto& allowed = ctx.config.allowed_load_balancer_namespaces;
  std::string ns = Namespace(obj);
  if (std::find(allowed.begin(), allowed.end(), ns) != allowed.end()) return;
  out->push_back({"spec.type", "type LoadBalancer is not allowed in namespace " + ns});
}

}  // namespace paved::deploy::policy
