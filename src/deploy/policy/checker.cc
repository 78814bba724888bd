#include "deploy/policy/checker.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "deploy/policy/pod_spec.h"
#include "deploy/policy/rules.h"
#include "deploy/policy/yaml_documents.h"

namespace paved::deploy::policy {
namespace {

// The severity a rule runs at under `config`; nullopt when turned off.
std::optional<Severity> EffectiveSeverity(const PolicyRule& rule, const PolicyConfig& config) {
  auto it = config.severities.find(rule.id);
  return it == config.severities.end() ? std::optional<Severity>(rule.severity) : it->second;
}

bool AppliesTo(const PolicyRule& rule, const std::string& kind) {
  return std::find(rule.kinds.begin(), rule.kinds.end(), kind) != rule.kinds.end();
}

void CheckOne(const RuleContext& ctx, const nlohmann::json& obj, std::vector<Finding>* out) {
  std::string kind = Kind(obj);
  for (const PolicyRule& rule : Rules()) {
    auto severity = EffectiveSeverity(rule, ctx.config);
    if (!severity || !AppliesTo(rule, kind)) continue;
    std::vector<Violation> violations;
    rule.check(ctx, obj, &violations);
    for (auto& v : violations) {
      Finding f;
      f.rule = rule.id;
      f.severity = *severity;
      f.object = ObjectRef(obj);
      f.path = std::move(v.path);
      f.message = std::move(v.message);
      f.how_to_fix = rule.how_to_fix;
      out->push_back(std::move(f));
    }
  }
}

absl::Status AddDocument(const YamlDocument& doc, std::vector<nlohmann::json>* objects) {
  auto where = [&doc](const std::string& what) {
    return absl::InvalidArgumentError(
        absl::StrCat("document ", doc.index, ", line ", doc.line, ": ", what));
  };
  if (!doc.value.is_object()) return where("expected a Kubernetes object (a mapping)");
  if (Kind(doc.value).empty()) return where("the object has no kind");
  if (Kind(doc.value) != "List") {
    objects->push_back(doc.value);
    return absl::OkStatus();
  }
  const nlohmann::json* items = At(doc.value, {"items"});
  if (!items || !items->is_array()) return where("a List needs items");
  for (const auto& item : *items) {
    if (!item.is_object() || Kind(item).empty()) return where("a List item has no kind");
    objects->push_back(item);
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<Finding> CheckObjects(const std::vector<nlohmann::json>& objects,
                                  const std::string& environment, const PolicyConfig& config) {
  RuleContext ctx{environment, config, objects};
  std::vector<Finding> findings;
  for (const auto& obj : objects) {
    if (obj.is_object()) CheckOne(ctx, obj, &findings);
  }
  return findings;
}

absl::StatusOr<std::vector<Finding>> CheckYaml(const std::string& text,
                                               const std::string& environment,
                                               const PolicyConfig& config) {
  ASSIGN_OR_RETURN(auto docs, ParseYamlDocuments(text));
  std::vector<nlohmann::json> objects;
  for (const auto& doc : docs) RETURN_IF_ERROR(AddDocument(doc, &objects));
  return CheckObjects(objects, environment, config);
}

}  // namespace paved::deploy::policy
