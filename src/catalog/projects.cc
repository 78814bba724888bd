#include "catalog/projects.h"

#include "catalog/teams.h"
#include "core/random.h"
#include "core/status_macros.h"

namespace paved::catalog {
namespace {

constexpr char kSelect[] =
    "SELECT p.id, p.slug, p.name, p.description, p.owner_team_id, p.created_by, p.created_at, "
    "p.updated_at, t.slug AS owner_slug FROM projects p JOIN teams t ON t.id = p.owner_team_id ";

Project FromRow(const store::Row& row) {
  return Project{.id = row.Text("id"),
                 .slug = row.Text("slug"),
                 .name = row.Text("name"),
                 .description = row.Text("description"),
                 .owner_team_id = row.Text("owner_team_id"),
                 .owner_team = row.Text("owner_slug"),
                 .created_by = row.Text("created_by"),
                 .created_at_ms = row.Int("created_at"),
                 .updated_at_ms = row.Int("updated_at")};
}

}  // namespace

nlohmann::json ProjectToJson(const Project& p) {
  return {{"id", p.id},
          {"slug", p.slug},
          {"name", p.name},
          {"description", p.description},
          {"owner_team", p.owner_team},
          {"created_by", p.created_by},
          {"created_at", FormatTimeMs(p.created_at_ms)},
          {"updated_at", FormatTimeMs(p.updated_at_ms)}};
}

absl::Status ProjectStore::Create(store::Tx& tx, Project& p) {
  p.id = NewId();
  p.created_at_ms = p.updated_at_ms = clock_->NowMs();
  return tx
      .Query(
          "INSERT INTO projects (id, slug, name, description, owner_team_id, created_by, "
          "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
          {p.id, p.slug, p.name, p.description, p.owner_team_id, p.created_by, p.created_at_ms})
      .status();
}

absl::StatusOr<std::optional<Project>> ProjectStore::FindBySlug(const std::string& slug) {
  ASSIGN_OR_RETURN(auto rs, store_->Query(std::string(kSelect) + "WHERE p.slug = $1", {slug}));
  if (rs.empty()) return std::nullopt;
  return FromRow(rs.front());
}

absl::StatusOr<std::optional<Project>> ProjectStore::FindBySlugTx(store::Tx& tx,
                                                                  const std::string& slug) {
  ASSIGN_OR_RETURN(auto rs, tx.Query(std::string(kSelect) + "WHERE p.slug = $1", {slug}));
  if (rs.empty()) return std::nullopt;
  return FromRow(rs.front());
}

absl::StatusOr<std::vector<Project>> ProjectStore::List(const ProjectQuery& q) {
  std::string sql = std::string(kSelect) + "WHERE p.slug > $1";
  store::Params params = {q.after_slug};
  if (!q.owner_slug.empty()) {
    params.push_back(q.owner_slug);
    sql += " AND t.slug = $" + std::to_string(params.size());
  }
  if (!q.text.empty()) {
    params.push_back(LikePattern(q.text));
    std::string n = "$" + std::to_string(params.size());
    sql += " AND (p.slug LIKE " + n + " ESCAPE '\\' OR lower(p.name) LIKE " + n +
           " ESCAPE '\\' OR lower(p.description) LIKE " + n + " ESCAPE '\\')";
  }
  sql += " ORDER BY p.slug LIMIT " + std::to_string(q.limit);
  ASSIGN_OR_RETURN(auto rs, store_->Query(sql, params));
  std::vector<Project> out;
  for (const auto& row : rs.rows) out.push_back(FromRow(row));
  return out;
}

absl::Status ProjectStore::Update(store::Tx& tx, const Project& p) {
  return tx
      .Query(
          "UPDATE projects SET name = $1, description = $2, owner_team_id = $3, "
          "updated_at = $4 WHERE id = $5",
          {p.name, p.description, p.owner_team_id, clock_->NowMs(), p.id})
      .status();
}

absl::Status ProjectStore::Delete(store::Tx& tx, const Project& p) {
  return tx.Query("DELETE FROM projects WHERE id = $1", {p.id}).status();
}

}  // namespace paved::catalog
