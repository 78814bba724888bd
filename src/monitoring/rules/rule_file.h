#pragma once

#include <functional>
#include <string>
#include <vector>

#include "monitoring/monitoring_config.h"
#include "monitoring/rules/rule.h"
#include "monitoring/targets.h"
#include "nlohmann/json.hpp"

namespace paved::monitoring::rules {

// An alert an incident taught (a lesson's rule), added to the rules of its project's targets.
struct TaughtRule {
  std::string alert;
  std::string expr;
  std::string for_duration;  // "" = fire at once
  std::string severity;      // critical -> page; warning, info -> ticket
  std::string lesson;        // the lesson's text, the alert's description
};

// The taught rules of a target (its project's lessons). Empty: none.
using TaughtRulesOf = std::function<std::vector<TaughtRule>(const Target&)>;

// The rule groups of one target: its SLO recording rules, then its alerts (SLO burn rates and
// capacity), then a group of the alerts its project's incidents taught when there are any. Group
// names hold project, cluster and namespace, so they are unique in a file.
std::vector<RuleGroup> RuleGroupsOf(const Target& t, const MonitoringConfig& config,
                                    const TaughtRulesOf& taught = nullptr);

// {"groups": [...]} for `targets` in their order.
nlohmann::json RuleFileJson(const std::vector<Target>& targets, const MonitoringConfig& config,
                            const TaughtRulesOf& taught = nullptr);

// A Prometheus rule file (YAML, `groups:`) for `targets`: what `promtool check rules` and
// Prometheus's rule_files read. Same input, same bytes. With several clusters and no
// config.cluster_label each cluster's Prometheus must get only its own targets' file.
std::string RenderRuleFile(const std::vector<Target>& targets, const MonitoringConfig& config,
                           const TaughtRulesOf& taught = nullptr);

// The PrometheusRule object (monitoring.coreos.com/v1) of `targets` — those of one project in
// one namespace — named paved-<project>-slo in that namespace, for the Prometheus Operator.
// REQUIRES: !targets.empty().
nlohmann::json PrometheusRuleObject(const std::vector<Target>& targets,
                                    const MonitoringConfig& config,
                                    const TaughtRulesOf& taught = nullptr);

}  // namespace paved::monitoring::rules
