#include "monitoring/rules/rule_file.h"

#include "absl/strings/str_cat.h"
#include "deploy/render/renderer.h"
#include "monitoring/rules/capacity_rules.h"
#include "monitoring/rules/slo_rules.h"

namespace paved::monitoring::rules {
namespace {

using nlohmann::json;

json GroupsJson(const std::vector<Target>& targets, const MonitoringConfig& config) {
  json groups = json::array();
  for (const Target& t : targets) {
    for (const RuleGroup& g : RuleGroupsOf(t, config)) groups.push_back(RuleGroupToJson(g));
  }
  return groups;
}

}  // namespace

std::vector<RuleGroup> RuleGroupsOf(const Target& t, const MonitoringConfig& config) {
  RuleGroup alerts{.name = absl::StrCat("paved:", t.project, ":", t.cluster, ":", t.ns, ":alerts"),
                   .rules = SloAlertRules(t, config)};
  for (Rule& r : CapacityAlertRules(t, config)) alerts.rules.push_back(std::move(r));
  return {SloRecordingRules(t), std::move(alerts)};
}

json RuleFileJson(const std::vector<Target>& targets, const MonitoringConfig& config) {
  return {{"groups", GroupsJson(targets, config)}};
}

std::string RenderRuleFile(const std::vector<Target>& targets, const MonitoringConfig& config) {
  return deploy::render::ToYaml({RuleFileJson(targets, config)});
}

json PrometheusRuleObject(const std::vector<Target>& targets, const MonitoringConfig& config) {
  const Target& first = targets.front();
  json labels = {{"app.kubernetes.io/managed-by", "paved"},
                 {"paved.dev/project", first.project},
                 {"paved.dev/team", first.team}};
  return {{"apiVersion", "monitoring.coreos.com/v1"},
          {"kind", "PrometheusRule"},
          {"metadata",
           {{"name", absl::StrCat("paved-", first.project, "-slo")},
            {"namespace", first.ns},
            {"labels", labels}}},
          {"spec", {{"groups", GroupsJson(targets, config)}}}};
}

}  // namespace paved::monitoring::rules
