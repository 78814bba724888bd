#include "monitoring/incidents/incident_service.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "auth/permissions.h"
#include "auth/users.h"
#include "core/days.h"
#include "core/error.h"
#include "core/random.h"
#include "core/status_macros.h"
#include "monitoring/incidents/incident_checks.h"

namespace paved::monitoring::incidents {
namespace {

using nlohmann::json;

constexpr int64_t kDayMs = int64_t{24} * 60 * 60 * 1000;

absl::Status NotFound(const std::string& what, const std::string& field = "") {
  return DomainError(absl::StatusCode::kNotFound, "not_found", "no " + what, field);
}

std::string Trimmed(const std::string& s) { return std::string(absl::StripAsciiWhitespace(s)); }

absl::Status CheckSeverity(const std::string& s) {
  if (IsSeverity(s)) return absl::OkStatus();
  return InvalidField("severity", "severity is sev1, sev2, sev3 or sev4");
}

absl::Status CheckPatch(const IncidentPatch& p, const Incident& i, int64_t now_ms) {
  if (p.title) RETURN_IF_ERROR(CheckText("title", *p.title, kMaxTitleBytes, true));
  if (p.impact) RETURN_IF_ERROR(CheckText("impact", *p.impact, kMaxTextBytes, false));
  if (p.severity) RETURN_IF_ERROR(CheckSeverity(*p.severity));
  if (p.state && !IsState(*p.state)) {
    return InvalidField("state", "state is open, mitigated or resolved");
  }
  if (p.started_at_ms && (*p.started_at_ms > now_ms || *p.started_at_ms > i.opened_at_ms)) {
    return InvalidField("started_at", "started_at is not after the incident was opened");
  }
  if (p.whys) RETURN_IF_ERROR(CheckList("whys", *p.whys));
  if (p.factors) RETURN_IF_ERROR(CheckList("factors", *p.factors));
  return absl::OkStatus();
}

void ApplyPatch(const IncidentPatch& p, Incident& i, int64_t now_ms) {
  if (p.title) i.title = Trimmed(*p.title);
  if (p.impact) i.impact = *p.impact;
  if (p.severity) i.severity = *p.severity;
  if (p.started_at_ms) i.started_at_ms = *p.started_at_ms;
  if (p.whys) i.whys = *p.whys;
  if (p.factors) i.factors = *p.factors;
  if (p.state && *p.state != i.state) {
    i.state = *p.state;
    i.resolved_at_ms = i.state == "resolved" ? std::optional<int64_t>(now_ms) : std::nullopt;
  }
}

json PatchSummary(const IncidentPatch& p) {
  json j = json::object();
  if (p.title) j["title"] = *p.title;
  if (p.severity) j["severity"] = *p.severity;
  if (p.state) j["state"] = *p.state;
  if (p.impact) j["impact"] = "changed";
  if (p.started_at_ms) j["started_at"] = *p.started_at_ms;
  if (p.whys) j["whys"] = p.whys->size();
  if (p.factors) j["factors"] = p.factors->size();
  return j;
}

}  // namespace

absl::StatusOr<catalog::Project> IncidentService::FindProject(const std::string& slug,
                                                              const std::string& field) {
  if (slug.empty()) return MissingField(field);
  ASSIGN_OR_RETURN(std::optional<catalog::Project> p, d_.projects->FindBySlug(slug));
  if (!p) return NotFound("project " + slug, field);
  return *p;
}

// The group's firing alerts give the start (the earliest) and the severity (critical → sev2);
// a group whose alerts are all resolved starts at its first firing of the last day.
absl::Status IncidentService::FromAlertGroup(NewIncident& req) {
  auto [cluster, ns] = alerts::SplitGroupKey(req.alert_group);
  ASSIGN_OR_RETURN(std::vector<alerts::Alert> group, d_.alerts->Group(req.alert_group, kDayMs));
  if (group.empty()) return NotFound("alerts in group " + req.alert_group, "alert_group");
  ASSIGN_OR_RETURN(std::optional<catalog::OwnerInfo> owner, d_.owners->ByNamespace(ns, cluster));
  if (!owner || owner->project.empty()) {
    return NotFound("project runs in namespace " + ns + " of cluster " + cluster, "alert_group");
  }
  if (!req.project.empty() && req.project != owner->project) {
    return InvalidField("alert_group", "alert group " + req.alert_group + " belongs to project " +
                                           owner->project + ", not " + req.project);
  }
  req.project = owner->project;
  std::set<std::string> names;
  int64_t first = group.front().starts_at_ms;
  bool critical = false;
  for (const auto& a : group) {
    names.insert(a.alertname);
    first = std::min(first, a.starts_at_ms);
    critical = critical || a.severity == "critical";
  }
  if (!req.started_at_ms) req.started_at_ms = first;
  if (req.severity.empty()) req.severity = critical ? "sev2" : "sev3";
  if (Trimmed(req.title).empty()) req.title = absl::StrJoin(names, ", ") + " in " + ns;
  return absl::OkStatus();
}

absl::StatusOr<Incident> IncidentService::Open(const Caller& caller, NewIncident req) {
  int64_t now = d_.clock->NowMs();
  if (!req.alert_group.empty()) RETURN_IF_ERROR(FromAlertGroup(req));
  ASSIGN_OR_RETURN(catalog::Project project, FindProject(req.project, "project"));
  RETURN_IF_ERROR(auth::CheckProjectWrite(caller, project.owner_team_id));
  if (req.severity.empty()) req.severity = "sev3";
  RETURN_IF_ERROR(CheckText("title", req.title, kMaxTitleBytes, true));
  RETURN_IF_ERROR(CheckSeverity(req.severity));
  RETURN_IF_ERROR(CheckText("impact", req.impact, kMaxTextBytes, false));
  if (req.started_at_ms && *req.started_at_ms > now) {
    return InvalidField("started_at", "started_at is not in the future");
  }
  Incident i{.id = NewId(),
             .project_id = project.id,
             .title = Trimmed(req.title),
             .severity = req.severity,
             .impact = req.impact,
             .opened_at_ms = now,
             .started_at_ms = req.started_at_ms.value_or(now),
             .opened_by = caller.login,
             .alert_group = req.alert_group,
             .updated_at_ms = now};
  RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(d_.incidents->Insert(tx, i));
    return d_.audit->Append(tx, caller.login, "incident.open", "incident:" + i.id,
                            {{"project", project.slug},
                             {"title", i.title},
                             {"severity", i.severity},
                             {"alert_group", i.alert_group}});
  }));
  d_.audit->Published();
  return Find(i.id);
}

absl::StatusOr<Incident> IncidentService::Find(const std::string& id) {
  ASSIGN_OR_RETURN(std::optional<Incident> i, d_.incidents->Get(id));
  if (!i) return NotFound("incident " + id);
  return *i;
}

absl::StatusOr<Incident> IncidentService::Get(const std::string& id) { return Find(id); }

absl::StatusOr<std::vector<Incident>> IncidentService::List(const std::string& project,
                                                            const std::string& team,
                                                            const std::string& state) {
  IncidentQuery q{.state = state};
  if (!state.empty() && !IsState(state)) {
    return InvalidField("state", "state is open, mitigated or resolved");
  }
  if (!project.empty()) {
    ASSIGN_OR_RETURN(catalog::Project p, FindProject(project, "project"));
    q.project_id = p.id;
  }
  if (!team.empty()) {
    ASSIGN_OR_RETURN(std::optional<catalog::Team> t, d_.teams->FindBySlug(team));
    if (!t) return NotFound("team " + team, "team");
    q.team_id = t->id;
  }
  return d_.incidents->List(q);
}

absl::StatusOr<Incident> IncidentService::Change(
    const Caller& caller, const std::string& id, const std::string& action,
    const std::function<absl::StatusOr<json>(store::Tx&, Incident&)>& change) {
  ASSIGN_OR_RETURN(Incident before, Find(id));
  RETURN_IF_ERROR(auth::CheckProjectWrite(caller, before.owner_team_id));
  RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<Incident> i, d_.incidents->GetTx(tx, id));
    if (!i) return NotFound("incident " + id);
    ASSIGN_OR_RETURN(json summary, change(tx, *i));
    summary["project"] = i->project;
    return d_.audit->Append(tx, caller.login, action, "incident:" + id, summary);
  }));
  d_.audit->Published();
  return Find(id);
}

absl::StatusOr<Incident> IncidentService::Update(const Caller& caller, const std::string& id,
                                                 const IncidentPatch& patch) {
  int64_t now = d_.clock->NowMs();
  return Change(caller, id, "incident.update",
                [&](store::Tx& tx, Incident& i) -> absl::StatusOr<json> {
                  RETURN_IF_ERROR(CheckPatch(patch, i, now));
                  ApplyPatch(patch, i, now);
                  i.updated_at_ms = now;
                  RETURN_IF_ERROR(d_.incidents->Update(tx, i));
                  return PatchSummary(patch);
                });
}

absl::Status IncidentService::CheckOwner(store::Tx& tx, Action& a, const std::string& owner,
                                         const std::string& owner_team) {
  if (owner.empty() == owner_team.empty()) {
    return InvalidField(owner.empty() ? "owner" : "owner_team",
                        "an action has one owner: a user (owner) or a team (owner_team)");
  }
  if (!owner.empty()) {
    ASSIGN_OR_RETURN(auto user, auth::UserStore::FindByLoginTx(tx, owner));
    if (!user) return NotFound("user " + owner, "owner");
    a.owner_kind = "user";
    a.owner = owner;
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(auto team, d_.teams->FindBySlugTx(tx, owner_team));
  if (!team) return NotFound("team " + owner_team, "owner_team");
  a.owner_kind = "team";
  a.owner = owner_team;
  return absl::OkStatus();
}

absl::StatusOr<Incident> IncidentService::AddAction(const Caller& caller, const std::string& id,
                                                    const NewAction& req) {
  RETURN_IF_ERROR(CheckText("title", req.title, kMaxTitleBytes, true));
  RETURN_IF_ERROR(CheckDay("due", req.due));
  return Change(caller, id, "incident.action.add",
                [&](store::Tx& tx, Incident& i) -> absl::StatusOr<json> {
                  Action a{.title = Trimmed(req.title),
                           .due = req.due,
                           .state = "open",
                           .created_by = caller.login,
                           .created_at_ms = d_.clock->NowMs()};
                  RETURN_IF_ERROR(CheckOwner(tx, a, req.owner, req.owner_team));
                  RETURN_IF_ERROR(d_.incidents->AddAction(tx, i.id, a));
                  return json{{"action", a.number},
                              {"title", a.title},
                              {"owner", a.owner},
                              {"owner_kind", a.owner_kind},
                              {"due", a.due}};
                });
}

absl::StatusOr<Incident> IncidentService::UpdateAction(const Caller& caller, const std::string& id,
                                                       int number, const ActionPatch& patch) {
  if (patch.title) RETURN_IF_ERROR(CheckText("title", *patch.title, kMaxTitleBytes, true));
  if (patch.due) RETURN_IF_ERROR(CheckDay("due", *patch.due));
  if (patch.state && *patch.state != "open" && *patch.state != "done") {
    return InvalidField("state", "state is open or done");
  }
  return Change(
      caller, id, "incident.action.update",
      [&](store::Tx& tx, Incident& i) -> absl::StatusOr<json> {
        auto found = std::find_if(i.actions.begin(), i.actions.end(),
                                  [&](const Action& a) { return a.number == number; });
        if (found == i.actions.end()) return NotFound(absl::StrCat("action ", number));
        Action a = *found;
        if (patch.title) a.title = Trimmed(*patch.title);
        if (patch.due) a.due = *patch.due;
        if (patch.owner || patch.owner_team) {
          RETURN_IF_ERROR(
              CheckOwner(tx, a, patch.owner.value_or(""), patch.owner_team.value_or("")));
        }
        if (patch.state && *patch.state != a.state) {
          a.state = *patch.state;
          a.done_at_ms =
              a.state == "done" ? std::optional<int64_t>(d_.clock->NowMs()) : std::nullopt;
        }
        RETURN_IF_ERROR(d_.incidents->UpdateAction(tx, i.id, a));
        return json{{"action", a.number}, {"state", a.state}, {"due", a.due}, {"owner", a.owner}};
      });
}

absl::StatusOr<Incident> IncidentService::AddLesson(const Caller& caller, const std::string& id,
                                                    const NewLesson& req) {
  RETURN_IF_ERROR(CheckText("text", req.text, kMaxTextBytes, true));
  if (req.panel) RETURN_IF_ERROR(CheckPanel(*req.panel));
  if (req.rule) RETURN_IF_ERROR(CheckRule(*req.rule));
  return Change(caller, id, "incident.lesson.add",
                [&](store::Tx& tx, Incident& i) -> absl::StatusOr<json> {
                  Lesson l{.text = Trimmed(req.text),
                           .panel = req.panel,
                           .rule = req.rule,
                           .created_by = caller.login,
                           .created_at_ms = d_.clock->NowMs()};
                  RETURN_IF_ERROR(d_.incidents->AddLesson(tx, i.id, l));
                  return json{{"lesson", l.number},
                              {"panel", l.panel ? PanelToJson(*l.panel) : json(nullptr)},
                              {"rule", l.rule ? RuleToJson(*l.rule) : json(nullptr)}};
                });
}

absl::StatusOr<Note> IncidentService::AddNote(const Caller& caller, const std::string& id,
                                              const std::string& text,
                                              std::optional<int64_t> at_ms) {
  RETURN_IF_ERROR(CheckText("text", text, kMaxTextBytes, true));
  int64_t now = d_.clock->NowMs();
  if (at_ms && *at_ms > now) return InvalidField("at", "a note's time is not in the future");
  Note n{.at_ms = at_ms.value_or(now), .actor = caller.login, .text = Trimmed(text)};
  ASSIGN_OR_RETURN(Incident done, Change(caller, id, "incident.note.add",
                                         [&](store::Tx& tx, Incident& i) -> absl::StatusOr<json> {
                                           RETURN_IF_ERROR(d_.incidents->AddNote(tx, i.id, n));
                                           return json{{"note", n.number}};
                                         }));
  return n;
}

absl::StatusOr<Timeline> IncidentService::TimelineOf(const std::string& id) {
  ASSIGN_OR_RETURN(Incident i, Find(id));
  return d_.timeline->Read(i, d_.clock->NowMs());
}

absl::StatusOr<std::vector<Action>> IncidentService::Overdue(const std::string& team) {
  if (team.empty()) return MissingField("team");
  ASSIGN_OR_RETURN(std::optional<catalog::Team> t, d_.teams->FindBySlug(team));
  if (!t) return NotFound("team " + team, "team");
  return d_.incidents->Overdue(
      {.before_day = DayOfUnixMs(d_.clock->NowMs()), .team_id = t->id, .team_slug = t->slug});
}

}  // namespace paved::monitoring::incidents
