#include "monitoring/incidents/incident_routes.h"

#include "absl/strings/numbers.h"
#include "absl/time/time.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/status_macros.h"
#include "http/json_body.h"
#include "monitoring/incidents/incident_schemas.h"
#include "monitoring/incidents/markdown_export.h"

namespace paved::monitoring::incidents {
namespace {

using http::Access;
using http::Context;
using http::Response;
using nlohmann::json;

std::optional<std::string> Opt(const json& body, const char* key) {
  if (!body.contains(key)) return std::nullopt;
  return body[key].get<std::string>();
}

std::optional<std::vector<std::string>> OptList(const json& body, const char* key) {
  if (!body.contains(key)) return std::nullopt;
  return body[key].get<std::vector<std::string>>();
}

// An RFC 3339 time of field `field`, when present.
absl::StatusOr<std::optional<int64_t>> OptTime(const json& body, const char* field) {
  if (!body.contains(field)) return std::nullopt;
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, body[field].get<std::string>(), &t, &error)) {
    return InvalidField(field, std::string(field) + " is an RFC 3339 time");
  }
  return absl::ToUnixMillis(t);
}

ExtraPanel PanelOf(const json& j) {
  return {
      .title = j.value("title", ""), .promql = j.value("promql", ""), .unit = j.value("unit", "")};
}

ExtraRule RuleOf(const json& j) {
  return {.name = j.value("name", ""),
          .expr = j.value("expr", ""),
          .for_ = j.value("for", ""),
          .severity = j.value("severity", "")};
}

json Items(const std::vector<Incident>& incidents) {
  json items = json::array();
  for (const auto& i : incidents) items.push_back(IncidentToJson(i));
  return {{"items", items}};
}

class IncidentsApi {
 public:
  explicit IncidentsApi(std::shared_ptr<IncidentService> service) : s_(std::move(service)) {}

  absl::StatusOr<Response> ListOfProject(Context& ctx) {
    ASSIGN_OR_RETURN(auto found,
                     s_->List(ctx.Param("slug"), "", ctx.req.QueryParam("state").value_or("")));
    return http::JsonResponse(200, Items(found));
  }

  absl::StatusOr<Response> List(Context& ctx) {
    ASSIGN_OR_RETURN(auto found, s_->List(ctx.req.QueryParam("project").value_or(""),
                                          ctx.req.QueryParam("team").value_or(""),
                                          ctx.req.QueryParam("state").value_or("")));
    return http::JsonResponse(200, Items(found));
  }

  absl::StatusOr<Response> Open(Context& ctx) {
    ASSIGN_OR_RETURN(json body, http::ParseBody(ctx.req, kOpenRequest));
    return OpenWith(ctx, body, body.value("project", ""));
  }

  absl::StatusOr<Response> OpenInProject(Context& ctx) {
    ASSIGN_OR_RETURN(json body, http::ParseBody(ctx.req, kProjectOpenRequest));
    return OpenWith(ctx, body, ctx.Param("slug"));
  }

  absl::StatusOr<Response> Get(Context& ctx) {
    ASSIGN_OR_RETURN(Incident i, s_->Get(ctx.Param("id")));
    return http::JsonResponse(200, IncidentToJson(i));
  }

  absl::StatusOr<Response> Patch(Context& ctx) {
    ASSIGN_OR_RETURN(json body, http::ParseBody(ctx.req, kPatchRequest));
    IncidentPatch p{.title = Opt(body, "title"),
                    .severity = Opt(body, "severity"),
                    .state = Opt(body, "state"),
                    .impact = Opt(body, "impact"),
                    .whys = OptList(body, "whys"),
                    .factors = OptList(body, "factors")};
    ASSIGN_OR_RETURN(p.started_at_ms, OptTime(body, "started_at"));
    ASSIGN_OR_RETURN(Incident i, s_->Update(*ctx.caller, ctx.Param("id"), p));
    return http::JsonResponse(200, IncidentToJson(i));
  }

  absl::StatusOr<Response> Timeline(Context& ctx) {
    ASSIGN_OR_RETURN(incidents::Timeline t, s_->TimelineOf(ctx.Param("id")));
    json items = json::array();
    for (const auto& e : t.entries) items.push_back(TimelineEntryToJson(e));
    return http::JsonResponse(
        200, {{"from", FormatTimeMs(t.from_ms)}, {"to", FormatTimeMs(t.to_ms)}, {"items", items}});
  }

  absl::StatusOr<Response> AddNote(Context& ctx) {
    ASSIGN_OR_RETURN(json body, http::ParseBody(ctx.req, kNoteRequest));
    ASSIGN_OR_RETURN(std::optional<int64_t> at, OptTime(body, "at"));
    ASSIGN_OR_RETURN(Note n, s_->AddNote(*ctx.caller, ctx.Param("id"), body["text"], at));
    return http::JsonResponse(201, {{"number", n.number},
                                    {"at", FormatTimeMs(n.at_ms)},
                                    {"actor", n.actor},
                                    {"text", n.text}});
  }

  absl::StatusOr<Response> AddAction(Context& ctx) {
    ASSIGN_OR_RETURN(json body, http::ParseBody(ctx.req, kActionRequest));
    ASSIGN_OR_RETURN(Incident i, s_->AddAction(*ctx.caller, ctx.Param("id"),
                                               {.title = body["title"],
                                                .owner = body.value("owner", ""),
                                                .owner_team = body.value("owner_team", ""),
                                                .due = body["due"]}));
    return http::JsonResponse(201, IncidentToJson(i));
  }

  absl::StatusOr<Response> PatchAction(Context& ctx) {
    int number = 0;
    if (!absl::SimpleAtoi(ctx.Param("number"), &number) || number < 1) {
      return InvalidField("number", "an action's number is 1, 2, …");
    }
    ASSIGN_OR_RETURN(json body, http::ParseBody(ctx.req, kActionPatchRequest));
    ActionPatch p{.title = Opt(body, "title"),
                  .owner = Opt(body, "owner"),
                  .owner_team = Opt(body, "owner_team"),
                  .due = Opt(body, "due"),
                  .state = Opt(body, "state")};
    ASSIGN_OR_RETURN(Incident i, s_->UpdateAction(*ctx.caller, ctx.Param("id"), number, p));
    return http::JsonResponse(200, IncidentToJson(i));
  }

  absl::StatusOr<Response> AddLesson(Context& ctx) {
    ASSIGN_OR_RETURN(json body, http::ParseBody(ctx.req, kLessonRequest));
    NewLesson l{.text = body["text"]};
    if (body.contains("panel")) l.panel = PanelOf(body["panel"]);
    if (body.contains("rule")) l.rule = RuleOf(body["rule"]);
    ASSIGN_OR_RETURN(Incident i, s_->AddLesson(*ctx.caller, ctx.Param("id"), l));
    return http::JsonResponse(201, IncidentToJson(i));
  }

  absl::StatusOr<Response> Export(Context& ctx) {
    ASSIGN_OR_RETURN(Incident i, s_->Get(ctx.Param("id")));
    ASSIGN_OR_RETURN(incidents::Timeline t, s_->TimelineOf(i.id));
    Response r;
    r.SetHeader("Content-Type", "text/markdown; charset=utf-8");
    r.SetHeader("Content-Disposition", "attachment; filename=\"incident-" + i.id + ".md\"");
    r.body = IncidentMarkdown(i, t);
    return r;
  }

  absl::StatusOr<Response> TeamActions(Context& ctx) {
    std::string overdue = ctx.req.QueryParam("overdue").value_or("true");
    if (overdue != "true") {
      return InvalidField("overdue", "only overdue=true is listed: open actions past their day");
    }
    ASSIGN_OR_RETURN(std::vector<Action> actions, s_->Overdue(ctx.Param("slug")));
    json items = json::array();
    for (const auto& a : actions) items.push_back(ActionToJson(a));
    return http::JsonResponse(200, {{"items", items}});
  }

 private:
  absl::StatusOr<Response> OpenWith(Context& ctx, const json& body, const std::string& project) {
    NewIncident req{.project = project,
                    .alert_group = body.value("alert_group", ""),
                    .title = body.value("title", ""),
                    .severity = body.value("severity", ""),
                    .impact = body.value("impact", "")};
    ASSIGN_OR_RETURN(req.started_at_ms, OptTime(body, "started_at"));
    ASSIGN_OR_RETURN(Incident i, s_->Open(*ctx.caller, std::move(req)));
    return http::JsonResponse(201, IncidentToJson(i));
  }

  std::shared_ptr<IncidentService> s_;
};

}  // namespace

std::vector<http::Route> IncidentRoutes(std::shared_ptr<IncidentService> service) {
  auto api = std::make_shared<IncidentsApi>(std::move(service));
  return {
      {.method = "GET",
       .path = "/api/v1/projects/{slug}/incidents",
       .access = Access::kViewer,
       .summary = "A project's incidents, newest first (?state=open|mitigated|resolved)",
       .tag = "incidents",
       .query = {"state"},
       .response = IncidentListSchema(),
       .handler = http::Bind(api, &IncidentsApi::ListOfProject)},
      {.method = "POST",
       .path = "/api/v1/projects/{slug}/incidents",
       .access = Access::kDeveloper,
       .summary = "Open an incident of a project, by hand or from one of its alert groups "
                  "(the owner team's developers, sre, admin)",
       .tag = "incidents",
       .request = kProjectOpenRequest,
       .response = IncidentSchema(),
       .success = 201,
       .handler = http::Bind(api, &IncidentsApi::OpenInProject)},
      {.method = "GET",
       .path = "/api/v1/incidents",
       .access = Access::kViewer,
       .summary = "Incidents across projects, newest first, narrowed by state, owner team or "
                  "project",
       .tag = "incidents",
       .query = {"state", "team", "project"},
       .response = IncidentListSchema(),
       .handler = http::Bind(api, &IncidentsApi::List)},
      {.method = "POST",
       .path = "/api/v1/incidents",
       .access = Access::kDeveloper,
       .summary = "Open an incident; from an alert group its project comes from the group's "
                  "namespace and its start from the group's first firing alert",
       .tag = "incidents",
       .request = kOpenRequest,
       .response = IncidentSchema(),
       .success = 201,
       .handler = http::Bind(api, &IncidentsApi::Open)},
      {.method = "GET",
       .path = "/api/v1/incidents/{id}",
       .access = Access::kViewer,
       .summary = "An incident with its whys, contributing factors, lessons and actions",
       .tag = "incidents",
       .response = IncidentSchema(),
       .handler = http::Bind(api, &IncidentsApi::Get)},
      {.method = "PATCH",
       .path = "/api/v1/incidents/{id}",
       .access = Access::kDeveloper,
       .summary = "Change an incident: title, severity, state, impact, start, whys, factors",
       .tag = "incidents",
       .request = kPatchRequest,
       .response = IncidentSchema(),
       .handler = http::Bind(api, &IncidentsApi::Patch)},
      {.method = "GET",
       .path = "/api/v1/incidents/{id}/timeline",
       .access = Access::kViewer,
       .summary = "What happened around the incident, oldest first: the project's alerts, "
                  "deploys, rollbacks, config and secret changes, and notes",
       .tag = "incidents",
       .response = TimelineSchema(),
       .handler = http::Bind(api, &IncidentsApi::Timeline)},
      {.method = "POST",
       .path = "/api/v1/incidents/{id}/timeline",
       .access = Access::kDeveloper,
       .summary = "Add a note to the incident's timeline",
       .tag = "incidents",
       .request = kNoteRequest,
       .response = NoteSchema(),
       .success = 201,
       .handler = http::Bind(api, &IncidentsApi::AddNote)},
      {.method = "POST",
       .path = "/api/v1/incidents/{id}/actions",
       .access = Access::kDeveloper,
       .summary = "Add a follow-up action with an owner (user or team) and a due day",
       .tag = "incidents",
       .request = kActionRequest,
       .response = IncidentSchema(),
       .success = 201,
       .handler = http::Bind(api, &IncidentsApi::AddAction)},
      {.method = "PATCH",
       .path = "/api/v1/incidents/{id}/actions/{number}",
       .access = Access::kDeveloper,
       .summary = "Change a follow-up action (state done or open, owner, due day, title)",
       .tag = "incidents",
       .request = kActionPatchRequest,
       .response = IncidentSchema(),
       .handler = http::Bind(api, &IncidentsApi::PatchAction)},
      {.method = "POST",
       .path = "/api/v1/incidents/{id}/lessons",
       .access = Access::kDeveloper,
       .summary = "Add a lesson, optionally with a dashboard panel or an alert rule for the "
                  "project's namespaces",
       .tag = "incidents",
       .request = kLessonRequest,
       .response = IncidentSchema(),
       .success = 201,
       .handler = http::Bind(api, &IncidentsApi::AddLesson)},
      {.method = "GET",
       .path = "/api/v1/incidents/{id}/export.md",
       .access = Access::kViewer,
       .summary = "The incident as a Markdown postmortem",
       .tag = "incidents",
       .produces = "text/markdown",
       .handler = http::Bind(api, &IncidentsApi::Export)},
      {.method = "GET",
       .path = "/api/v1/teams/{slug}/incident-actions",
       .access = Access::kViewer,
       .summary = "A team's overdue incident actions (?overdue=true): open, past their due day, "
                  "of its projects' incidents or owned by the team",
       .tag = "incidents",
       .query = {"overdue"},
       .response = ActionListSchema(),
       .handler = http::Bind(api, &IncidentsApi::TeamActions)},
  };
}

}  // namespace paved::monitoring::incidents
