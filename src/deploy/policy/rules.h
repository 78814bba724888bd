#pragma once

#include <string>
#include <vector>

#include "deploy/policy/finding.h"
#include "deploy/policy/policy_config.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::policy {

// One violation found by a rule's check: where, and what is wrong.
struct Violation {
  std::string path;
  std::string message;
};

// What a check may look at besides its object.
struct RuleContext {
  const std::string& environment;  // "production", "alpha", ...
  const PolicyConfig& config;
  const std::vector<nlohmann::json>& objects;  // the whole object set (PDB lookups)
};

using RuleCheck = void (*)(const RuleContext& ctx, const nlohmann::json& object,
                           std::vector<Violation>* out);

struct PolicyRule {
  std::string id;
  Severity severity;               // default; the platform config may change it or turn it off
  std::vector<std::string> kinds;  // object kinds it applies to
  std::string description;
  std::string how_to_fix;
  RuleCheck check;
};

// The rule set, in a stable order.
const std::vector<PolicyRule>& Rules();
// nullptr when no rule has that id.
const PolicyRule* FindRule(const std::string& id);

}  // namespace paved::deploy::policy
