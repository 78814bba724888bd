#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "monitoring/incidents/incident.h"
#include "store/store.h"

namespace paved::monitoring::incidents {

// A timeline entry written by hand.
struct Note {
  int number = 0;
  int64_t at_ms = 0;
  std::string actor;
  std::string text;
};

struct IncidentQuery {
  std::string project_id;  // "" = every project
  std::string team_id;     // the project's owner team; "" = any
  std::string state;       // "" = any
  int limit = 200;
};

// Overdue actions: open, due before `before_day`, of the team's projects' incidents or owned by
// the team itself.
struct OverdueQuery {
  std::string before_day;  // YYYY-MM-DD
  std::string team_id;
  std::string team_slug;
};

// Tables `incidents`, `incident_lessons`, `incident_actions`, `incident_notes`. Reads fill the
// project's slug and owner team; an incident whose project is gone is not found.
class IncidentStore {
 public:
  explicit IncidentStore(store::Store* store) : store_(store) {}

  absl::Status Insert(store::Tx& tx, const Incident& i);
  // The incident with its lessons and actions; nullopt when there is none. The Tx form locks
  // the incident's row until `tx` ends (writes of its lessons, actions and notes go one after
  // the other).
  absl::StatusOr<std::optional<Incident>> Get(const std::string& id);
  absl::StatusOr<std::optional<Incident>> GetTx(store::Tx& tx, const std::string& id);
  // Writes title, severity, state, impact, started_at, resolved_at, whys, factors, updated_at.
  absl::Status Update(store::Tx& tx, const Incident& i);
  // Newest first, without lessons and actions.
  absl::StatusOr<std::vector<Incident>> List(const IncidentQuery& q);

  // Append with the next number of the incident (set on the argument).
  // REQUIRES: the incident's row locked in `tx` (GetTx).
  absl::Status AddLesson(store::Tx& tx, const std::string& incident_id, Lesson& l);
  absl::Status AddAction(store::Tx& tx, const std::string& incident_id, Action& a);
  absl::Status AddNote(store::Tx& tx, const std::string& incident_id, Note& n);
  // Writes title, owner, due, state, done_at of action `a.number`.
  absl::Status UpdateAction(store::Tx& tx, const std::string& incident_id, const Action& a);

  absl::StatusOr<std::vector<Note>> Notes(const std::string& incident_id);
  // Oldest due first, with their incident's id, title and project.
  absl::StatusOr<std::vector<Action>> Overdue(const OverdueQuery& q);
  // Claims the weekly digest of a team's overdue actions for `week` (its Monday); true when
  // this call claimed it, false when it was claimed before. Release undoes a claim whose
  // message could not be posted.
  absl::StatusOr<bool> ClaimDigest(const std::string& team_id, const std::string& week,
                                   int64_t now_ms);
  absl::Status ReleaseDigest(const std::string& team_id, const std::string& week);

  // Every lesson of the incidents of project `project` (slug) with a panel or a rule, oldest
  // first.
  absl::StatusOr<std::vector<Lesson>> LessonsOfProject(const std::string& project);

 private:
  absl::StatusOr<std::optional<Incident>> Read(store::Tx* tx, const std::string& id);
  absl::Status FillDetails(store::Tx* tx, Incident& i);
  store::Store* store_;
};

}  // namespace paved::monitoring::incidents
