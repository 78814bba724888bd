#pragma once

#include <map>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace paved::monitoring::rules {

// One Prometheus rule: a recording rule (`record` set) or an alerting rule (`alert` set).
struct Rule {
  std::string record;
  std::string alert;
  std::string expr;
  std::string for_duration;  // alerts only; "" = none
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;  // alerts only
};

// A named list of rules evaluated together.
struct RuleGroup {
  std::string name;
  std::vector<Rule> rules;
};

// {"name", "rules": [{"record"|"alert", "expr", "for"?, "labels"?, "annotations"?}]}: the shape
// of a rule file's group and of a PrometheusRule's spec.groups[i].
nlohmann::json RuleGroupToJson(const RuleGroup& g);

}  // namespace paved::monitoring::rules
