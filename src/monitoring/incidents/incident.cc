#include "monitoring/incidents/incident.h"

#include <algorithm>

#include "core/clock.h"

namespace paved::monitoring::incidents {

using nlohmann::json;

const std::vector<std::string> kSeverities = {"sev1", "sev2", "sev3", "sev4"};
const std::vector<std::string> kStates = {"open", "mitigated", "resolved"};

namespace {

bool OneOf(const std::vector<std::string>& values, std::string_view s) {
  return std::find(values.begin(), values.end(), s) != values.end();
}

json OptionalTime(const std::optional<int64_t>& ms) {
  return ms ? json(FormatTimeMs(*ms)) : json(nullptr);
}

}  // namespace

bool IsSeverity(std::string_view s) { return OneOf(kSeverities, s); }
bool IsState(std::string_view s) { return OneOf(kStates, s); }

json PanelToJson(const ExtraPanel& p) {
  return {{"title", p.title}, {"promql", p.promql}, {"unit", p.unit}};
}

json RuleToJson(const ExtraRule& r) {
  return {{"name", r.name}, {"expr", r.expr}, {"for", r.for_}, {"severity", r.severity}};
}

json LessonToJson(const Lesson& l) {
  return {{"number", l.number},
          {"text", l.text},
          {"panel", l.panel ? PanelToJson(*l.panel) : json(nullptr)},
          {"rule", l.rule ? RuleToJson(*l.rule) : json(nullptr)},
          {"created_by", l.created_by},
          {"created_at", FormatTimeMs(l.created_at_ms)}};
}

json ActionToJson(const Action& a) {
  json j = {{"number", a.number},
            {"title", a.title},
            {"owner_kind", a.owner_kind},
            {"owner", a.owner},
            {"due", a.due},
            {"state", a.state},
            {"done_at", OptionalTime(a.done_at_ms)},
            {"created_by", a.created_by},
            {"created_at", FormatTimeMs(a.created_at_ms)}};
  if (!a.incident_id.empty()) {
    j["incident"] = {{"id", a.incident_id}, {"title", a.incident_title}, {"project", a.project}};
  }
  return j;
}

json IncidentToJson(const Incident& i) {
  json lessons = json::array(), actions = json::array();
  for (const auto& l : i.lessons) lessons.push_back(LessonToJson(l));
  for (const auto& a : i.actions) actions.push_back(ActionToJson(a));
  return {{"id", i.id},
          {"project", i.project},
          {"team", i.team},
          {"title", i.title},
          {"severity", i.severity},
          {"state", i.state},
          {"impact", i.impact},
          {"opened_at", FormatTimeMs(i.opened_at_ms)},
          {"started_at", FormatTimeMs(i.started_at_ms)},
          {"resolved_at", OptionalTime(i.resolved_at_ms)},
          {"opened_by", i.opened_by},
          {"alert_group", i.alert_group},
          {"whys", i.whys},
          {"factors", i.factors},
          {"updated_at", FormatTimeMs(i.updated_at_ms)},
          {"lessons", lessons},
          {"actions", actions}};
}

}  // namespace paved::monitoring::incidents
