#include "monitoring/incidents/incident_store.h"

#include "absl/strings/str_cat.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/status_macros.h"

namespace paved::monitoring::incidents {
namespace {

using nlohmann::json;

std::string IncidentSelect() {
  return absl::StrCat(
      "SELECT i.*, p.slug AS project, p.owner_team_id AS owner_team_id, t.slug AS team "
      "FROM incidents i ",
      catalog::ProjectStore::JoinSql("p", "i.project_id"),
      catalog::TeamStore::JoinSql("t", "p.owner_team_id"));
}

std::vector<std::string> StringList(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::optional<int64_t> OptionalInt(const store::Row& row, const char* column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Int(column);
}

Incident IncidentFromRow(const store::Row& row) {
  return Incident{.id = row.Text("id"),
                  .project_id = row.Text("project_id"),
                  .project = row.Text("project"),
                  .team = row.Text("team"),
                  .owner_team_id = row.Text("owner_team_id"),
                  .title = row.Text("title"),
                  .severity = row.Text("severity"),
                  .state = row.Text("state"),
                  .impact = row.Text("impact"),
                  .opened_at_ms = row.Int("opened_at"),
                  .started_at_ms = row.Int("started_at"),
                  .resolved_at_ms = OptionalInt(row, "resolved_at"),
                  .opened_by = row.Text("opened_by"),
                  .alert_group = row.Text("alert_group"),
                  .whys = StringList(row.Text("whys")),
                  .factors = StringList(row.Text("factors")),
                  .updated_at_ms = row.Int("updated_at")};
}

std::optional<ExtraPanel> PanelFromText(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  return ExtraPanel{
      .title = j.value("title", ""), .promql = j.value("promql", ""), .unit = j.value("unit", "")};
}

std::optional<ExtraRule> RuleFromText(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  return ExtraRule{.name = j.value("name", ""),
                   .expr = j.value("expr", ""),
                   .for_ = j.value("for", ""),
                   .severity = j.value("severity", "")};
}

Lesson LessonFromRow(const store::Row& row) {
  return Lesson{.number = static_cast<int>(row.Int("number")),
                .text = row.Text("text"),
                .panel = PanelFromText(row.Text("panel")),
                .rule = RuleFromText(row.Text("rule")),
                .created_by = row.Text("created_by"),
                .created_at_ms = row.Int("created_at")};
}

Action ActionFromRow(const store::Row& row) {
  return Action{.number = static_cast<int>(row.Int("number")),
                .title = row.Text("title"),
                .owner_kind = row.Text("owner_kind"),
                .owner = row.Text("owner"),
                .due = row.Text("due"),
                .state = row.Text("state"),
                .done_at_ms = OptionalInt(row, "done_at"),
                .created_by = row.Text("created_by"),
                .created_at_ms = row.Int("created_at")};
}

store::Value OptInt(const std::optional<int64_t>& v) {
  return v ? store::Value(*v) : store::Null();
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Runs `sql` in `tx` when given, else on the store.
absl::StatusOr<store::ResultSet> Run(store::Store* s, store::Tx* tx, const std::string& sql,
                                     const store::Params& params) {
  return tx ? tx->Query(sql, params) : s->Query(sql, params);
}

absl::StatusOr<int64_t> NextNumber(store::Tx& tx, const char* table, const std::string& id) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   tx.Query(absl::StrCat("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM ", table,
                                         " WHERE incident_id = $1"),
                            {id}));
  return rs.front().Int("n");
}

}  // namespace

absl::Status IncidentStore::Insert(store::Tx& tx, const Incident& i) {
  return tx
      .Query(
          "INSERT INTO incidents (id, project_id, title, severity, state, impact, opened_at, "
          "started_at, resolved_at, opened_by, alert_group, whys, factors, updated_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
          {i.id, i.project_id, i.title, i.severity, i.state, i.impact, i.opened_at_ms,
           i.started_at_ms, OptInt(i.resolved_at_ms), i.opened_by, i.alert_group, Dump(i.whys),
           Dump(i.factors), i.updated_at_ms})
      .status();
}

absl::Status IncidentStore::Update(store::Tx& tx, const Incident& i) {
  return tx
      .Query(
          "UPDATE incidents SET title = $2, severity = $3, state = $4, impact = $5, "
          "started_at = $6, resolved_at = $7, whys = $8, factors = $9, updated_at = $10 "
          "WHERE id = $1",
          {i.id, i.title, i.severity, i.state, i.impact, i.started_at_ms, OptInt(i.resolved_at_ms),
           Dump(i.whys), Dump(i.factors), i.updated_at_ms})
      .status();
}

absl::StatusOr<std::optional<Incident>> IncidentStore::Get(const std::string& id) {
  return Read(nullptr, id);
}

absl::StatusOr<std::optional<Incident>> IncidentStore::GetTx(store::Tx& tx, const std::string& id) {
  ASSIGN_OR_RETURN(
      store::ResultSet lock,
      tx.Query(absl::StrCat("SELECT id FROM incidents WHERE id = $1", tx.ForUpdate()), {id}));
  if (lock.empty()) return std::nullopt;
  return Read(&tx, id);
}

absl::StatusOr<std::optional<Incident>> IncidentStore::Read(store::Tx* tx, const std::string& id) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   Run(store_, tx, IncidentSelect() + "WHERE i.id = $1", {id}));
  if (rs.empty()) return std::nullopt;
  Incident i = IncidentFromRow(rs.front());
  RETURN_IF_ERROR(FillDetails(tx, i));
  return i;
}

absl::Status IncidentStore::FillDetails(store::Tx* tx, Incident& i) {
  ASSIGN_OR_RETURN(
      store::ResultSet lessons,
      Run(store_, tx, "SELECT * FROM incident_lessons WHERE incident_id = $1 ORDER BY number",
          {i.id}));
  for (const auto& row : lessons.rows) i.lessons.push_back(LessonFromRow(row));
  ASSIGN_OR_RETURN(
      store::ResultSet actions,
      Run(store_, tx, "SELECT * FROM incident_actions WHERE incident_id = $1 ORDER BY number",
          {i.id}));
  for (const auto& row : actions.rows) i.actions.push_back(ActionFromRow(row));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Incident>> IncidentStore::List(const IncidentQuery& q) {
  std::string sql = IncidentSelect() + "WHERE 1 = 1";
  store::Params params;
  auto add = [&](const std::string& column, const std::string& value) {
    params.push_back(value);
    absl::StrAppend(&sql, " AND ", column, " = $", params.size());
  };
  if (!q.project_id.empty()) add("i.project_id", q.project_id);
  if (!q.team_id.empty()) add("p.owner_team_id", q.team_id);
  if (!q.state.empty()) add("i.state", q.state);
  absl::StrAppend(&sql, " ORDER BY i.opened_at DESC, i.id DESC LIMIT ", q.limit);
  ASSIGN_OR_RETURN(store::ResultSet rs, store_->Query(sql, params));
  std::vector<Incident> out;
  for (const auto& row : rs.rows) out.push_back(IncidentFromRow(row));
  return out;
}

absl::Status IncidentStore::AddLesson(store::Tx& tx, const std::string& incident_id, Lesson& l) {
  ASSIGN_OR_RETURN(int64_t n, NextNumber(tx, "incident_lessons", incident_id));
  l.number = static_cast<int>(n);
  return tx
      .Query(
          "INSERT INTO incident_lessons (incident_id, number, text, panel, rule, created_by, "
          "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
          {incident_id, n, l.text, l.panel ? Dump(PanelToJson(*l.panel)) : "",
           l.rule ? Dump(RuleToJson(*l.rule)) : "", l.created_by, l.created_at_ms})
      .status();
}

absl::Status IncidentStore::AddAction(store::Tx& tx, const std::string& incident_id, Action& a) {
  ASSIGN_OR_RETURN(int64_t n, NextNumber(tx, "incident_actions", incident_id));
  a.number = static_cast<int>(n);
  return tx
      .Query(
          "INSERT INTO incident_actions (incident_id, number, title, owner_kind, owner, due, "
          "state, done_at, created_by, created_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
          {incident_id, n, a.title, a.owner_kind, a.owner, a.due, a.state, OptInt(a.done_at_ms),
           a.created_by, a.created_at_ms})
      .status();
}

absl::Status IncidentStore::UpdateAction(store::Tx& tx, const std::string& incident_id,
                                         const Action& a) {
  return tx
      .Query(
          "UPDATE incident_actions SET title = $3, owner_kind = $4, owner = $5, due = $6, "
          "state = $7, done_at = $8 WHERE incident_id = $1 AND number = $2",
          {incident_id, int64_t{a.number}, a.title, a.owner_kind, a.owner, a.due, a.state,
           OptInt(a.done_at_ms)})
      .status();
}

absl::Status IncidentStore::AddNote(store::Tx& tx, const std::string& incident_id, Note& n) {
  ASSIGN_OR_RETURN(int64_t number, NextNumber(tx, "incident_notes", incident_id));
  n.number = static_cast<int>(number);
  return tx
      .Query(
          "INSERT INTO incident_notes (incident_id, number, at, actor, text) "
          "VALUES ($1, $2, $3, $4, $5)",
          {incident_id, number, n.at_ms, n.actor, n.text})
      .status();
}

absl::StatusOr<std::vector<Note>> IncidentStore::Notes(const std::string& incident_id) {
  ASSIGN_OR_RETURN(
      store::ResultSet rs,
      store_->Query("SELECT * FROM incident_notes WHERE incident_id = $1 ORDER BY at, number",
                    {incident_id}));
  std::vector<Note> out;
  for (const auto& row : rs.rows) {
    out.push_back({.number = static_cast<int>(row.Int("number")),
                   .at_ms = row.Int("at"),
                   .actor = row.Text("actor"),
                   .text = row.Text("text")});
  }
  return out;
}

absl::StatusOr<std::vector<Action>> IncidentStore::Overdue(const OverdueQuery& q) {
  ASSIGN_OR_RETURN(
      store::ResultSet rs,
      store_->Query(
          absl::StrCat("SELECT a.*, i.title AS incident_title, p.slug AS project "
                       "FROM incident_actions a JOIN incidents i ON i.id = a.incident_id ",
                       catalog::ProjectStore::JoinSql("p", "i.project_id"),
                       "WHERE a.state = 'open' AND a.due < $1 AND (p.owner_team_id = $2 OR "
                       "(a.owner_kind = 'team' AND a.owner = $3)) "
                       "ORDER BY a.due, a.incident_id, a.number LIMIT 500"),
          {q.before_day, q.team_id, q.team_slug}));
  std::vector<Action> out;
  for (const auto& row : rs.rows) {
    Action a = ActionFromRow(row);
    a.incident_id = row.Text("incident_id");
    a.incident_title = row.Text("incident_title");
    a.project = row.Text("project");
    out.push_back(std::move(a));
  }
  return out;
}

absl::StatusOr<bool> IncidentStore::ClaimDigest(const std::string& team_id, const std::string& week,
                                                int64_t now_ms) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query("INSERT INTO incident_digests (team_id, week, posted_at) "
                                 "VALUES ($1, $2, $3) ON CONFLICT (team_id, week) DO NOTHING",
                                 {team_id, week, now_ms}));
  return rs.affected == 1;
}

absl::Status IncidentStore::ReleaseDigest(const std::string& team_id, const std::string& week) {
  return store_
      ->Query("DELETE FROM incident_digests WHERE team_id = $1 AND week = $2", {team_id, week})
      .status();
}

absl::StatusOr<std::vector<Lesson>> IncidentStore::LessonsOfProject(const std::string& project) {
  ASSIGN_OR_RETURN(
      store::ResultSet rs,
      store_->Query(absl::StrCat("SELECT l.* FROM incident_lessons l JOIN incidents i ON "
                                 "i.id = l.incident_id ",
                                 catalog::ProjectStore::JoinSql("p", "i.project_id"),
                                 "WHERE p.slug = $1 AND (l.panel <> '' OR l.rule <> '') "
                                 "ORDER BY l.created_at, l.incident_id, l.number"),
                    {project}));
  std::vector<Lesson> out;
  for (const auto& row : rs.rows) out.push_back(LessonFromRow(row));
  return out;
}

}  // namespace paved::monitoring::incidents
