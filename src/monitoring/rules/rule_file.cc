#include "monitoring/rules/rule_file.h"

#include "absl/strings/str_cat.h"
#include "deploy/render/renderer.h"
#include "monitoring/rules/alert_context.h"
#include "monitoring/rules/capacity_rules.h"
#include "monitoring/rules/slo_rules.h"

namespace paved::monitoring::rules {
namespace {

using nlohmann::json;

json GroupsJson(const std::vector<Target>& targets, const MonitoringConfig& config,
                const TaughtRulesOf& taught) {
  json groups = json::array();
  for (const Target& t : targets) {
    for (const RuleGroup& g : RuleGroupsOf(t, config, taught)) {
      groups.push_back(RuleGroupToJson(g));
    }
  }
  return groups;
}

// A taught rule with the owner's labels, so its alerts reach the team like the generated ones.
Rule TaughtAlert(const Target& t, const MonitoringConfig& config, const TaughtRule& taught) {
  Rule r{.alert = taught.alert, .expr = taught.expr, .for_duration = taught.for_duration};
  r.labels = OwnerLabels(t, config, taught.severity == "critical" ? "page" : "ticket");
  r.labels["lesson_severity"] = taught.severity;
  r.annotations =
      AlertAnnotations(t, config, taught.alert,
                       absl::StrCat(t.project, " in ", t.ns, " (", t.cluster, "): ", taught.alert,
                                    ", an alert an incident taught"),
                       taught.lesson);
  return r;
}

}  // namespace

std::vector<RuleGroup> RuleGroupsOf(const Target& t, const MonitoringConfig& config,
                                    const TaughtRulesOf& taught) {
  std::string prefix = absl::StrCat("paved:", t.project, ":", t.cluster, ":", t.ns);
  RuleGroup alerts{.name = prefix + ":alerts", .rules = SloAlertRules(t, config)};
  for (Rule& r : CapacityAlertRules(t, config)) alerts.rules.push_back(std::move(r));
  std::vector<RuleGroup> groups = {SloRecordingRules(t), std::move(alerts)};
  if (taught) {
    RuleGroup lessons{.name = prefix + ":lessons"};
    for (const TaughtRule& r : taught(t)) lessons.rules.push_back(TaughtAlert(t, config, r));
    if (!lessons.rules.empty()) groups.push_back(std::move(lessons));
  }
  return groups;
}

json RuleFileJson(const std::vector<Target>& targets, const MonitoringConfig& config,
                  const TaughtRulesOf& taught) {
  return {{"groups", GroupsJson(targets, config, taught)}};
}

std::string RenderRuleFile(const std::vector<Target>& targets, const MonitoringConfig& config,
                           const TaughtRulesOf& taught) {
  return deploy::render::ToYaml({RuleFileJson(targets, config, taught)});
}

json PrometheusRuleObject(const std::vector<Target>& targets, const MonitoringConfig& config,
                          const TaughtRulesOf& taught) {
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
          {"spec", {{"groups", GroupsJson(targets, config, taught)}}}};
}

}  // namespace paved::monitoring::rules
