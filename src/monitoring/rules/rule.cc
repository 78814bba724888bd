#include "monitoring/rules/rule.h"

namespace paved::monitoring::rules {
namespace {

using nlohmann::json;

json RuleToJson(const Rule& r) {
  json out = json::object();
  if (!r.record.empty()) out["record"] = r.record;
  if (!r.alert.empty()) out["alert"] = r.alert;
  out["expr"] = r.expr;
  if (!r.for_duration.empty()) out["for"] = r.for_duration;
  if (!r.labels.empty()) out["labels"] = r.labels;
  if (!r.annotations.empty()) out["annotations"] = r.annotations;
  return out;
}

}  // namespace

json RuleGroupToJson(const RuleGroup& g) {
  json rules = json::array();
  for (const Rule& r : g.rules) rules.push_back(RuleToJson(r));
  return {{"name", g.name}, {"rules", rules}};
}

}  // namespace paved::monitoring::rules
