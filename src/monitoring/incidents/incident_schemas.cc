#include "monitoring/incidents/incident_schemas.h"

#include "monitoring/incidents/incident.h"
#include "monitoring/incidents/incident_checks.h"

namespace paved::monitoring::incidents {
namespace {

using http::FieldType;

// The shapes of a lesson's panel and rule; unnamed where a request body holds them (request
// fields are described inline), named in answers.
http::Schema PanelObject() {
  using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders
  return Object({{"title", String()}, {"promql", String()}, {"unit", Optional(String())}});
}

http::Schema RuleObject() {
  using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders
  return Object({{"name", String()},
                 {"expr", String()},
                 {"for", Optional(String())},
                 {"severity", Enum({"critical", "warning", "info"})}});
}

http::Schema PanelSchema() { return http::Named("IncidentPanel", PanelObject()); }
http::Schema RuleSchema() { return http::Named("IncidentRule", RuleObject()); }

http::Schema ActionSchema() {
  using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders
  return Named(
      "IncidentAction",
      Object({{"number", Integer()},
              {"title", String()},
              {"owner_kind", Enum({"user", "team"})},
              {"owner", String()},
              {"due", String()},
              {"state", Enum({"open", "done"})},
              {"done_at", Nullable(String())},
              {"created_by", String()},
              {"created_at", String()},
              {"incident",
               Optional(Object({{"id", String()}, {"title", String()}, {"project", String()}}))}}));
}

http::Schema LessonSchema() {
  using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders
  return Named("IncidentLesson", Object({{"number", Integer()},
                                         {"text", String()},
                                         {"panel", Nullable(PanelSchema())},
                                         {"rule", Nullable(RuleSchema())},
                                         {"created_by", String()},
                                         {"created_at", String()}}));
}

http::FieldSpec Title(bool required) {
  return {.name = "title", .required = required, .max_length = kMaxTitleBytes};
}
http::FieldSpec Severity() {
  return {.name = "severity", .description = "sev1 (worst) … sev4", .one_of = kSeverities};
}
http::FieldSpec Impact() { return {.name = "impact", .max_length = kMaxTextBytes}; }
http::FieldSpec StartedAt() {
  return {.name = "started_at", .description = "RFC 3339; when it began (default: now)"};
}
http::FieldSpec Due(bool required) {
  return {.name = "due", .required = required, .description = "YYYY-MM-DD"};
}
http::FieldSpec Strings(const char* name, const char* description) {
  return {.name = name,
          .type = FieldType::kArray,
          .description = description,
          .shape = http::Array(http::String())};
}

}  // namespace

const http::BodySchema kOpenRequest = {
    {.name = "project", .description = "the project's slug (found from alert_group when absent)"},
    {.name = "alert_group",
     .description = "<cluster>/<namespace> of the alert group it is opened from"},
    Title(false),
    Severity(),
    Impact(),
    StartedAt()};

const http::BodySchema kProjectOpenRequest = {
    {.name = "alert_group", .description = "<cluster>/<namespace>"},
    Title(false),
    Severity(),
    Impact(),
    StartedAt()};

const http::BodySchema kPatchRequest = {
    Title(false),
    Severity(),
    {.name = "state", .one_of = kStates},
    Impact(),
    StartedAt(),
    Strings("whys", "the five whys, in order (replaces the list)"),
    Strings("factors", "contributing factors (replaces the list)")};

const http::BodySchema kActionRequest = {
    Title(true),
    {.name = "owner", .description = "a user's login (or owner_team)"},
    {.name = "owner_team", .description = "a team's slug (or owner)"},
    Due(true)};

const http::BodySchema kActionPatchRequest = {
    Title(false),
    {.name = "owner", .description = "a user's login"},
    {.name = "owner_team", .description = "a team's slug"},
    Due(false),
    {.name = "state", .one_of = {"open", "done"}}};

const http::BodySchema kLessonRequest = {
    {.name = "text", .required = true, .max_length = kMaxTextBytes},
    {.name = "panel",
     .type = FieldType::kObject,
     .description = "a panel for the namespace's generated dashboard",
     .shape = PanelObject()},
    {.name = "rule",
     .type = FieldType::kObject,
     .description = "an alerting rule for the namespace's generated rules",
     .shape = RuleObject()}};

const http::BodySchema kNoteRequest = {
    {.name = "text", .required = true, .max_length = kMaxTextBytes},
    {.name = "at", .description = "RFC 3339 (default: now)"}};

http::Schema IncidentSchema() {
  using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders
  return Named("Incident", Object({{"id", String()},
                                   {"project", String()},
                                   {"team", String()},
                                   {"title", String()},
                                   {"severity", Enum(kSeverities)},
                                   {"state", Enum(kStates)},
                                   {"impact", String()},
                                   {"opened_at", String()},
                                   {"started_at", String()},
                                   {"resolved_at", Nullable(String())},
                                   {"opened_by", String()},
                                   {"alert_group", String()},
                                   {"whys", Array(String())},
                                   {"factors", Array(String())},
                                   {"updated_at", String()},
                                   {"lessons", Array(LessonSchema())},
                                   {"actions", Array(ActionSchema())}}));
}

http::Schema IncidentListSchema() {
  using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders
  return Named("IncidentList", Object({{"items", Array(IncidentSchema())}}));
}

http::Schema TimelineSchema() {
  using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders
  Schema entry = Named("IncidentTimelineEntry", Object({{"at", String()},
                                                        {"kind", String()},
                                                        {"actor", String()},
                                                        {"text", String()},
                                                        {"link", String()}}));
  return Named("IncidentTimeline",
               Object({{"from", String()}, {"to", String()}, {"items", Array(entry)}}));
}

http::Schema NoteSchema() {
  using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders
  return Named(
      "IncidentNote",
      Object({{"number", Integer()}, {"at", String()}, {"actor", String()}, {"text", String()}}));
}

http::Schema ActionListSchema() {
  using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders
  return Named("IncidentActionList", Object({{"items", Array(ActionSchema())}}));
}

}  // namespace paved::monitoring::incidents
