#include "catalog/teams.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "auth/team_members.h"
#include "core/random.h"
#include "core/status_macros.h"
#include "store/in_list.h"

namespace paved::catalog {
namespace {

// "SELECT <every column> FROM teams t "; member counts come from auth, which owns memberships.
const std::string& Select() {
  static const std::string kSelect =
      "SELECT t.id, t.slug, t.name, t.description, t.chat_channel, t.created_at, t.updated_at, "
      "t.hr_id, t.parent_id, t.status, t.dissolved_at, t.oncall, t.source, "
      "(SELECT pt.slug FROM teams pt WHERE pt.id = t.parent_id) AS parent_slug, " +
      auth::TeamMembers::CountExpression("t.id") +
      " AS member_count, "
      "(SELECT COUNT(*) FROM projects p WHERE p.owner_team_id = t.id) AS project_count "
      "FROM teams t ";
  return kSelect;
}

Team FromRow(const store::Row& row) {
  return Team{.id = row.Text("id"),
              .slug = row.Text("slug"),
              .name = row.Text("name"),
              .description = row.Text("description"),
              .chat_channel = row.Text("chat_channel"),
              .hr_id = row.Text("hr_id"),
              .parent_id = row.Text("parent_id"),
              .parent = row.Text("parent_slug"),
              .status = row.Text("status"),
              .dissolved_at_ms = row.IsNull("dissolved_at")
                                     ? std::nullopt
                                     : std::optional<int64_t>(row.Int("dissolved_at")),
              .oncall = row.Text("oncall"),
              .source = row.Text("source"),
              .member_count = row.Int("member_count"),
              .project_count = row.Int("project_count"),
              .created_at_ms = row.Int("created_at"),
              .updated_at_ms = row.Int("updated_at")};
}

}  // namespace

store::Value OptionalText(const std::string& s) {
  return s.empty() ? store::Null() : store::Value(s);
}

store::Value OptionalInt(const std::optional<int64_t>& v) {
  return v ? store::Value(*v) : store::Null();
}

std::string LikePattern(const std::string& text) {
  std::string out = "%";
  for (char c : absl::AsciiStrToLower(text)) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

nlohmann::json TeamToJson(const Team& t) {
  return {{"id", t.id},
          {"slug", t.slug},
          {"name", t.name},
          {"description", t.description},
          {"chat_channel", t.chat_channel},
          {"hr_id", t.hr_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.hr_id)},
          {"parent", t.parent.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.parent)},
          {"status", t.status},
          {"dissolved_at", t.dissolved_at_ms ? nlohmann::json(FormatTimeMs(*t.dissolved_at_ms))
                                             : nlohmann::json(nullptr)},
          {"oncall", t.oncall},
          {"source", t.source},
          {"member_count", t.member_count},
          {"project_count", t.project_count},
          {"created_at", FormatTimeMs(t.created_at_ms)},
          {"updated_at", FormatTimeMs(t.updated_at_ms)}};
}

absl::Status TeamStore::Create(store::Tx& tx, Team& team) {
  team.id = NewId();
  team.created_at_ms = team.updated_at_ms = clock_->NowMs();
  return tx
      .Query(
          "INSERT INTO teams (id, slug, name, description, chat_channel, created_at, "
          "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
          {team.id, team.slug, team.name, team.description, team.chat_channel, team.created_at_ms})
      .status();
}

absl::StatusOr<std::optional<Team>> TeamStore::FindBySlug(const std::string& slug) {
  ASSIGN_OR_RETURN(auto rs, store_->Query(Select() + "WHERE t.slug = $1", {slug}));
  if (rs.empty()) return std::nullopt;
  return FromRow(rs.front());
}

absl::StatusOr<std::optional<Team>> TeamStore::FindBySlugTx(store::Tx& tx,
                                                            const std::string& slug) {
  ASSIGN_OR_RETURN(auto rs, tx.Query(Select() + "WHERE t.slug = $1", {slug}));
  if (rs.empty()) return std::nullopt;
  return FromRow(rs.front());
}

absl::StatusOr<std::optional<Team>> TeamStore::FindByIdTx(store::Tx& tx, const std::string& id) {
  ASSIGN_OR_RETURN(auto rs, tx.Query(Select() + "WHERE t.id = $1", {id}));
  if (rs.empty()) return std::nullopt;
  return FromRow(rs.front());
}

absl::StatusOr<std::optional<Team>> TeamStore::FindByHrIdTx(store::Tx& tx,
                                                            const std::string& hr_id) {
  ASSIGN_OR_RETURN(auto rs, tx.Query(Select() + "WHERE t.hr_id = $1", {hr_id}));
  if (rs.empty()) return std::nullopt;
  return FromRow(rs.front());
}

absl::StatusOr<std::vector<Team>> TeamStore::List(const TeamQuery& q) {
  std::string sql = Select() + "WHERE t.slug > $1";
  store::Params params = {q.after_slug};
  if (!q.text.empty()) {
    params.push_back(LikePattern(q.text));
    sql +=
        " AND (t.slug LIKE $2 ESCAPE '\\' OR lower(t.name) LIKE $2 ESCAPE '\\' OR "
        "lower(t.description) LIKE $2 ESCAPE '\\')";
  }
  sql += " ORDER BY t.slug LIMIT " + std::to_string(q.limit);
  ASSIGN_OR_RETURN(auto rs, store_->Query(sql, params));
  std::vector<Team> out;
  for (const auto& row : rs.rows) out.push_back(FromRow(row));
  return out;
}

absl::Status TeamStore::Update(store::Tx& tx, const Team& team) {
  return tx
      .Query(
          "UPDATE teams SET name = $1, description = $2, chat_channel = $3, updated_at = $4 "
          "WHERE id = $5",
          {team.name, team.description, team.chat_channel, clock_->NowMs(), team.id})
      .status();
}

absl::Status TeamStore::Delete(store::Tx& tx, const Team& team) {
  ASSIGN_OR_RETURN(
      auto rs, tx.Query("SELECT COUNT(*) AS n FROM projects WHERE owner_team_id = $1", {team.id}));
  if (rs.front().Int("n") > 0) {
    return absl::FailedPreconditionError("team " + team.slug + " still owns " +
                                         std::to_string(rs.front().Int("n")) +
                                         " project(s); transfer them first");
  }
  return tx.Query("DELETE FROM teams WHERE id = $1", {team.id}).status();
}

absl::StatusOr<std::map<std::string, std::string>> TeamStore::SlugsByIds(
    store::Store& store, const std::vector<std::string>& ids) {
  std::vector<std::string> keys = ids;
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::map<std::string, std::string> out;
  RETURN_IF_ERROR(
      store::QueryInChunks(store, "SELECT id, slug FROM teams WHERE id IN (", keys, ")",
                           [&](const store::Row& row) { out[row.Text("id")] = row.Text("slug"); }));
  return out;
}

absl::StatusOr<std::map<std::string, std::string>> TeamStore::AllSlugs(store::Store& store) {
  ASSIGN_OR_RETURN(auto rs, store.Query("SELECT id, slug FROM teams"));
  std::map<std::string, std::string> out;
  for (const store::Row& row : rs.rows) out[row.Text("id")] = row.Text("slug");
  return out;
}

absl::StatusOr<std::string> TeamStore::SlugOfTx(store::Tx& tx, const std::string& id) {
  ASSIGN_OR_RETURN(auto rs, tx.Query("SELECT slug FROM teams WHERE id = $1", {id}));
  if (rs.empty()) return absl::NotFoundError("no team " + id);
  return rs.front().Text("slug");
}

std::string TeamStore::JoinSql(std::string_view alias, std::string_view team_id_column) {
  const std::string a(alias);
  return "JOIN teams " + a + " ON " + a + ".id = " + std::string(team_id_column) + " ";
}

}  // namespace paved::catalog
