#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "alerts/store/alert_store.h"
#include "audit/audit_log.h"
#include "catalog/ownership.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/caller.h"
#include "core/clock.h"
#include "monitoring/incidents/incident_store.h"
#include "monitoring/incidents/timeline.h"
#include "store/store.h"

namespace paved::monitoring::incidents {

struct IncidentServiceDeps {
  store::Store* store = nullptr;
  IncidentStore* incidents = nullptr;
  catalog::ProjectStore* projects = nullptr;
  catalog::TeamStore* teams = nullptr;
  catalog::OwnerLookup* owners = nullptr;
  alerts::AlertStore* alerts = nullptr;
  TimelineReader* timeline = nullptr;
  audit::AuditLog* audit = nullptr;
  const Clock* clock = nullptr;
};

struct NewIncident {
  std::string project;      // slug; may be empty when alert_group is set
  std::string alert_group;  // "<cluster>/<namespace>"; "" = by hand
  std::string title;
  std::string severity;  // "" = sev2 for a critical alert group, else sev3
  std::string impact;
  std::optional<int64_t> started_at_ms;  // default: the group's first firing time, else now
};

// A change of an incident; unset fields stay as they are.
struct IncidentPatch {
  std::optional<std::string> title, severity, state, impact;
  std::optional<int64_t> started_at_ms;
  std::optional<std::vector<std::string>> whys, factors;
};

struct NewAction {
  std::string title;
  std::string owner;       // a user's login, or
  std::string owner_team;  // a team's slug: exactly one of the two
  std::string due;         // YYYY-MM-DD
};

struct ActionPatch {
  std::optional<std::string> title, owner, owner_team, due, state;
};

struct NewLesson {
  std::string text;
  std::optional<ExtraPanel> panel;
  std::optional<ExtraRule> rule;
};

// Incidents of projects: open (by hand or from an alert group), edit, whys, contributing
// factors, lessons, follow-up actions, notes. Every signed-in user reads; writers are the
// project's owner team's developers and sre/admin (auth::CheckProjectWrite). Every change is
// one transaction with its audit event (subject "incident:<id>"). Errors: NotFound
// "not_found" for an unknown incident, project, team or alert group; InvalidArgument naming
// the field; PermissionDenied for a writer of another team. Nothing is written on an error.
class IncidentService {
 public:
  explicit IncidentService(IncidentServiceDeps deps) : d_(std::move(deps)) {}

  // With an alert group: its namespace gives the project through the catalog (a different
  // `project` is InvalidArgument "alert_group"), its earliest firing alert the start, and the
  // title defaults to the group's alert names.
  absl::StatusOr<Incident> Open(const Caller& caller, NewIncident req);
  absl::StatusOr<Incident> Get(const std::string& id);
  // `project` and `team` (slugs) and `state` narrow the list; newest first.
  absl::StatusOr<std::vector<Incident>> List(const std::string& project, const std::string& team,
                                             const std::string& state);
  // A state of resolved sets resolved_at (now), any other clears it.
  absl::StatusOr<Incident> Update(const Caller& caller, const std::string& id,
                                  const IncidentPatch& patch);
  absl::StatusOr<Incident> AddAction(const Caller& caller, const std::string& id,
                                     const NewAction& req);
  // done sets done_at; open clears it. NotFound "not_found" for an unknown action number.
  absl::StatusOr<Incident> UpdateAction(const Caller& caller, const std::string& id, int number,
                                        const ActionPatch& patch);
  absl::StatusOr<Incident> AddLesson(const Caller& caller, const std::string& id,
                                     const NewLesson& req);
  absl::StatusOr<Note> AddNote(const Caller& caller, const std::string& id, const std::string& text,
                               std::optional<int64_t> at_ms);
  absl::StatusOr<Timeline> TimelineOf(const std::string& id);
  // Open actions due before today of the team's projects' incidents or owned by the team.
  absl::StatusOr<std::vector<Action>> Overdue(const std::string& team);

 private:
  absl::StatusOr<Incident> Find(const std::string& id);
  absl::Status FromAlertGroup(NewIncident& req);
  absl::StatusOr<catalog::Project> FindProject(const std::string& slug, const std::string& field);
  // Runs `change` on the locked incident after the write check, writes the audit event
  // `action` with `summary`, and returns the incident as stored afterwards.
  absl::StatusOr<Incident> Change(
      const Caller& caller, const std::string& id, const std::string& action,
      const std::function<absl::StatusOr<nlohmann::json>(store::Tx&, Incident&)>& change);
  absl::Status CheckOwner(store::Tx& tx, Action& a, const std::string& owner,
                          const std::string& owner_team);

  IncidentServiceDeps d_;
};

}  // namespace paved::monitoring::incidents
