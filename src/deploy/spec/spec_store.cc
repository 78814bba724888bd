#include "deploy/spec/spec_store.h"

#include <limits>

#include "catalog/projects.h"
#include "core/status_macros.h"

namespace paved::deploy::spec {
namespace {

constexpr char kColumns[] =
    "SELECT project_id, version, yaml, author, message, created_at FROM spec_versions ";

SpecVersion FromRow(const store::Row& r) {
  return {.project_id = r.Text("project_id"),
          .version = r.Int("version"),
          .yaml = r.Text("yaml"),
          .author = r.Text("author"),
          .message = r.Text("message"),
          .created_at_ms = r.Int("created_at")};
}

}  // namespace

absl::StatusOr<SpecVersion> SpecStore::Put(store::Tx& tx, const std::string& project_id,
                                           const std::string& yaml, const std::string& author,
                                           const std::string& message, bool* created) {
  if (created) *created = false;
  // Version numbers are handed out one at a time.
  RETURN_IF_ERROR(catalog::ProjectStore::LockForUpdate(tx, project_id));
  ASSIGN_OR_RETURN(auto prev, tx.Query(std::string(kColumns) +
                                           "WHERE project_id = $1 ORDER BY version DESC LIMIT 1",
                                       {project_id}));
  SpecVersion v{.project_id = project_id,
                .version = 1,
                .yaml = yaml,
                .author = author,
                .message = message,
                .created_at_ms = clock_->NowMs()};
  if (!prev.empty()) {
    SpecVersion last = FromRow(prev.front());
    if (last.yaml == yaml) return last;
    v.version = last.version + 1;
  }
  RETURN_IF_ERROR(tx.Query("INSERT INTO spec_versions (project_id, version, yaml, author, "
                           "message, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                           {project_id, v.version, yaml, author, message, v.created_at_ms})
                      .status());
  if (created) *created = true;
  return v;
}

absl::StatusOr<SpecVersion> SpecStore::Get(const std::string& project_id,
                                           std::optional<int64_t> version) {
  std::string sql = std::string(kColumns) + "WHERE project_id = $1 ";
  sql += version ? "AND version = $2" : "ORDER BY version DESC LIMIT 1";
  store::Params params = version ? store::Params{project_id, *version} : store::Params{project_id};
  ASSIGN_OR_RETURN(auto rs, store_->Query(sql, params));
  if (rs.empty()) {
    return absl::NotFoundError(version ? "no spec version " + std::to_string(*version)
                                       : std::string("the project has no spec yet"));
  }
  return FromRow(rs.front());
}

absl::StatusOr<std::vector<SpecVersion>> SpecStore::LatestOfEach() {
  ASSIGN_OR_RETURN(auto rs, store_->Query(std::string(kColumns) +
                                          "s WHERE s.version = (SELECT MAX(m.version) FROM "
                                          "spec_versions m WHERE m.project_id = s.project_id) "
                                          "ORDER BY s.project_id"));
  std::vector<SpecVersion> out;
  out.reserve(rs.rows.size());
  for (const auto& r : rs.rows) out.push_back(FromRow(r));
  return out;
}

absl::StatusOr<std::vector<SpecVersion>> SpecStore::List(const std::string& project_id, int limit,
                                                         std::optional<int64_t> before) {
  ASSIGN_OR_RETURN(auto rs,
                   store_->Query(std::string(kColumns) + "WHERE project_id = $1 AND version < $2 "
                                                         "ORDER BY version DESC LIMIT $3",
                                 {project_id, before.value_or(std::numeric_limits<int64_t>::max()),
                                  static_cast<int64_t>(limit)}));
  std::vector<SpecVersion> out;
  for (const auto& r : rs.rows) out.push_back(FromRow(r));
  return out;
}

absl::StatusOr<std::set<std::string>> SpecStore::ProjectsWithSpec() {
  ASSIGN_OR_RETURN(auto rs, store_->Query("SELECT DISTINCT project_id FROM spec_versions"));
  std::set<std::string> out;
  for (const auto& r : rs.rows) out.insert(r.Text("project_id"));
  return out;
}

catalog::ContributedScoreCheck AppSpecScoreCheck(SpecStore* specs) {
  return {.id = "has_app_spec",
          .title = "Describes its app in a paved.yaml spec",
          .passing = [specs] { return specs->ProjectsWithSpec(); }};
}

}  // namespace paved::deploy::spec
