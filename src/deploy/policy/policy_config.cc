#include "deploy/policy/policy_config.h"

#include "core/config.h"
#include "core/status_macros.h"
#include "deploy/policy/quantity.h"
#include "deploy/policy/rules.h"

namespace paved::deploy::policy {
namespace {

absl::Status Invalid(const std::string& key, const std::string& message) {
  return absl::InvalidArgumentError("policy." + key + ": " + message);
}

absl::StatusOr<std::vector<std::string>> StringList(const nlohmann::json& v,
                                                    const std::string& key) {
  std::optional<std::vector<std::string>> list = StringListOf(v);
  if (!list) return Invalid(key, "expected a list of strings");
  return std::move(*list);
}

absl::Status ParseRule(const std::string& id, const nlohmann::json& v, PolicyConfig* cfg) {
  std::string key = "rules." + id;
  if (!FindRule(id)) return Invalid(key, "unknown rule id '" + id + "'");
  if (!v.is_object()) return Invalid(key, "expected {severity: error|warning|off}");
  for (const auto& [k, value] : v.items()) {
    if (k != "severity") return Invalid(key + "." + k, "unknown key");
  }
  auto sev = v.find("severity");
  // YAML reads a bare `off` as false.
  if (sev != v.end() && (*sev == "off" || *sev == false)) {
    cfg->severities[id] = std::nullopt;
  } else if (sev != v.end() && *sev == "error") {
    cfg->severities[id] = Severity::kError;
  } else if (sev != v.end() && *sev == "warning") {
    cfg->severities[id] = Severity::kWarning;
  } else {
    return Invalid(key + ".severity", "expected error, warning or off");
  }
  return absl::OkStatus();
}

absl::Status ParseRules(const nlohmann::json& v, PolicyConfig* cfg) {
  if (!v.is_object()) return Invalid("rules", "expected a mapping of rule id to settings");
  for (const auto& [id, rule] : v.items()) RETURN_IF_ERROR(ParseRule(id, rule, cfg));
  return absl::OkStatus();
}

absl::Status ParseCeiling(const nlohmann::json& v, const std::string& key,
                          std::optional<double>* value, std::string* text) {
  auto q = ParseQuantity(v);
  if (!q.ok()) return Invalid("ceilings." + key, std::string(q.status().message()));
  *value = *q;
  *text = v.is_string() ? v.get<std::string>() : v.dump();
  return absl::OkStatus();
}

absl::Status ParseCeilings(const nlohmann::json& v, PolicyConfig* cfg) {
  if (!v.is_object()) return Invalid("ceilings", "expected {cpu: ..., memory: ...}");
  for (const auto& [key, value] : v.items()) {
    if (key == "cpu") {
      RETURN_IF_ERROR(ParseCeiling(value, key, &cfg->cpu_ceiling, &cfg->cpu_ceiling_text));
    } else if (key == "memory") {
      RETURN_IF_ERROR(ParseCeiling(value, key, &cfg->memory_ceiling, &cfg->memory_ceiling_text));
    } else {
      return Invalid("ceilings." + key, "unknown key (expected cpu, memory)");
    }
  }
  return absl::OkStatus();
}

absl::Status ParseKey(const std::string& key, const nlohmann::json& v, PolicyConfig* cfg) {
  if (key == "rules") return ParseRules(v, cfg);
  if (key == "ceilings") return ParseCeilings(v, cfg);
  if (key == "allowed_load_balancer_namespaces") {
    ASSIGN_OR_RETURN(cfg->allowed_load_balancer_namespaces, StringList(v, key));
    return absl::OkStatus();
  }
  if (key == "required_labels") {
    ASSIGN_OR_RETURN(cfg->required_labels, StringList(v, key));
    return absl::OkStatus();
  }
  return Invalid(key, "unknown key");
}

}  // namespace

PolicyConfig::PolicyConfig() : cpu_ceiling(4.0), memory_ceiling(8.0 * 1024 * 1024 * 1024) {}

absl::StatusOr<PolicyConfig> ParsePolicyConfig(const nlohmann::json& section) {
  PolicyConfig cfg;
  if (section.is_null()) return cfg;
  if (!section.is_object()) return absl::InvalidArgumentError("policy: expected a mapping");
  for (const auto& [key, value] : section.items()) RETURN_IF_ERROR(ParseKey(key, value, &cfg));
  return cfg;
}

}  // namespace paved::deploy::policy
