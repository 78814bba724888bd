#include "catalog/projects.h"

#include "absl/strings/str_join.h"
#include "catalog/namespace_claims.h"
#include "catalog/teams.h"
#include "core/random.h"
#include "core/status_macros.h"

namespace paved::catalog {

const std::vector<std::string> kLifecycles = {"experimental", "production", "deprecated"};

namespace {

constexpr char kSelect[] =
    "SELECT p.id, p.slug, p.name, p.description, p.owner_team_id, p.created_by, p.created_at, "
    "p.updated_at, p.lifecycle, p.type, p.system, p.repo_url, p.oncall, p.location, "
    "p.orphaned_at, t.slug AS owner_slug, t.status AS owner_status "
    "FROM projects p JOIN teams t ON t.id = p.owner_team_id ";

Project FromRow(const store::Row& row) {
  Project p{.id = row.Text("id"),
            .slug = row.Text("slug"),
            .name = row.Text("name"),
            .description = row.Text("description"),
            .owner_team_id = row.Text("owner_team_id"),
            .owner_team = row.Text("owner_slug"),
            .owner_status = row.Text("owner_status"),
            .lifecycle = row.Text("lifecycle"),
            .type = row.Text("type"),
            .system = row.Text("system"),
            .repo_url = row.Text("repo_url"),
            .oncall = row.Text("oncall"),
            .location = row.OptText("location"),
            .created_by = row.Text("created_by"),
            .created_at_ms = row.Int("created_at"),
            .updated_at_ms = row.Int("updated_at")};
  if (!row.IsNull("orphaned_at")) p.orphaned_at_ms = row.Int("orphaned_at");
  return p;
}

// WHERE clauses and parameters for a query's filters (not its cursor).
void AddFilters(const ProjectQuery& q, bool trigram_index, std::string& sql,
                store::Params& params) {
  auto next = [&](store::Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  if (!q.owner_slug.empty()) {
    // IN over indexed subqueries, not a per-row EXISTS: both engines then read only the
    // owner's rows instead of scanning every project in slug order.
    std::string n = next(q.owner_slug);
    sql += " AND (p.owner_team_id IN (SELECT id FROM teams WHERE slug = " + n +
           ") OR p.id IN (SELECT po.project_id FROM project_owners po JOIN teams ot ON "
           "ot.id = po.team_id WHERE ot.slug = " +
           n + "))";
  }
  if (!q.lifecycle.empty()) sql += " AND p.lifecycle = " + next(q.lifecycle);
  if (!q.system.empty()) sql += " AND p.system = " + next(q.system);
  if (!q.tag.empty()) {
    sql += " AND p.id IN (SELECT pt.project_id FROM project_tags pt WHERE pt.tag = " + next(q.tag) +
           ")";
  }
  bool plain = q.text.size() >= 3 && q.text.find_first_of("%_\\") == std::string::npos;
  if (!q.text.empty() && trigram_index && plain) {
    // The trigram index answers substring LIKE without scanning every project.
    sql += " AND p.rowid IN (SELECT rowid FROM project_search WHERE body LIKE " +
           next("%" + q.text + "%") + ")";
  } else if (!q.text.empty()) {
    std::string n = next(LikePattern(q.text));
    sql += " AND (p.slug LIKE " + n + " ESCAPE '\\' OR lower(p.name) LIKE " + n +
           " ESCAPE '\\' OR lower(p.description) LIKE " + n + " ESCAPE '\\')";
  }
}

}  // namespace

std::string Project::OrphanReason() const {
  if (owner_status == "dissolved") return "owner team " + owner_team + " was dissolved";
  if (orphaned_at_ms) return "no longer listed by its catalog location " + location.value_or("");
  return "";
}

nlohmann::json ProjectToJson(const Project& p) {
  nlohmann::json links = nlohmann::json::array();
  for (const auto& l : p.links)
    links.push_back({{"url", l.url}, {"title", l.title}, {"icon", l.icon}});
  nlohmann::json namespaces = nlohmann::json::array();
  for (const auto& n : p.namespaces) {
    namespaces.push_back({{"cluster", n.cluster}, {"namespace", n.ns}});
  }
  std::string reason = p.OrphanReason();
  return {{"id", p.id},
          {"slug", p.slug},
          {"name", p.name},
          {"description", p.description},
          {"owner_team", p.owner_team},
          {"owners", p.owners},
          {"lifecycle", p.lifecycle},
          {"type", p.type},
          {"system", p.system},
          {"repo_url", p.repo_url},
          {"oncall", p.oncall},
          {"tags", p.tags},
          {"links", links},
          {"namespaces", namespaces},
          {"location", p.location ? nlohmann::json(*p.location) : nlohmann::json(nullptr)},
          {"orphaned", !reason.empty()},
          {"orphaned_reason", reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(reason)},
          {"created_by", p.created_by},
          {"created_at", FormatTimeMs(p.created_at_ms)},
          {"updated_at", FormatTimeMs(p.updated_at_ms)}};
}

nlohmann::json FacetsToJson(const ProjectFacets& f) {
  return {{"owner", f.owner}, {"lifecycle", f.lifecycle}, {"tag", f.tag}, {"system", f.system}};
}

absl::Status ProjectStore::WriteSatellites(store::Tx& tx, const Project& p) {
  for (const char* table : {"project_tags", "project_links", "project_owners"}) {
    RETURN_IF_ERROR(
        tx.Query(std::string("DELETE FROM ") + table + " WHERE project_id = $1", {p.id}).status());
  }
  for (const std::string& tag : p.tags) {
    RETURN_IF_ERROR(tx.Query("INSERT INTO project_tags (project_id, tag) VALUES ($1, $2) "
                             "ON CONFLICT DO NOTHING",
                             {p.id, tag})
                        .status());
  }
  for (size_t i = 0; i < p.links.size(); ++i) {
    const ProjectLink& l = p.links[i];
    RETURN_IF_ERROR(tx.Query("INSERT INTO project_links (project_id, position, url, title, icon) "
                             "VALUES ($1, $2, $3, $4, $5)",
                             {p.id, static_cast<int64_t>(i), l.url, l.title, l.icon})
                        .status());
  }
  for (const std::string& slug : p.owners) {
    ASSIGN_OR_RETURN(auto rs, tx.Query("INSERT INTO project_owners (project_id, team_id) "
                                       "SELECT $1, id FROM teams WHERE slug = $2 AND id <> $3 "
                                       "ON CONFLICT DO NOTHING",
                                       {p.id, slug, p.owner_team_id}));
    (void)rs;
  }
  return WriteNamespaceClaims(tx, rules_, p);
}

absl::Status ProjectStore::FillSatellites(store::Tx* tx, std::vector<Project>& projects) {
  if (projects.empty()) return absl::OkStatus();
  std::map<std::string, Project*> by_id;
  store::Params ids;
  std::vector<std::string> marks;
  for (Project& p : projects) {
    by_id[p.id] = &p;
    ids.push_back(p.id);
    marks.push_back("$" + std::to_string(ids.size()));
  }
  std::string in = "(" + absl::StrJoin(marks, ", ") + ")";
  auto query = [&](const std::string& sql) {
    return tx ? tx->Query(sql, ids) : store_->Query(sql, ids);
  };
  ASSIGN_OR_RETURN(auto tags,
                   query("SELECT project_id, tag FROM project_tags WHERE project_id IN " + in +
                         " ORDER BY tag"));
  for (const auto& r : tags.rows) by_id[r.Text("project_id")]->tags.push_back(r.Text("tag"));
  ASSIGN_OR_RETURN(auto owners, query("SELECT po.project_id, t.slug FROM project_owners po JOIN "
                                      "teams t ON t.id = po.team_id WHERE po.project_id IN " +
                                      in + " ORDER BY t.slug"));
  for (const auto& r : owners.rows) by_id[r.Text("project_id")]->owners.push_back(r.Text("slug"));
  ASSIGN_OR_RETURN(auto links, query("SELECT project_id, url, title, icon FROM project_links "
                                     "WHERE project_id IN " +
                                     in + " ORDER BY position"));
  for (const auto& r : links.rows) {
    by_id[r.Text("project_id")]->links.push_back({r.Text("url"), r.Text("title"), r.Text("icon")});
  }
  ASSIGN_OR_RETURN(auto nss, query("SELECT project_id, cluster, namespace FROM project_namespaces "
                                   "WHERE is_default = 0 AND project_id IN " +
                                   in + " ORDER BY cluster, namespace"));
  for (const auto& r : nss.rows) {
    by_id[r.Text("project_id")]->namespaces.push_back({r.Text("cluster"), r.Text("namespace")});
  }
  return absl::OkStatus();
}

absl::Status ProjectStore::Create(store::Tx& tx, Project& p) {
  p.id = NewId();
  p.created_at_ms = p.updated_at_ms = clock_->NowMs();
  RETURN_IF_ERROR(CheckNamespaceClaims(tx, rules_, p, /*creating=*/true));
  RETURN_IF_ERROR(
      tx.Query("INSERT INTO projects (id, slug, name, description, owner_team_id, created_by, "
               "created_at, updated_at, lifecycle, type, system, repo_url, oncall, location, "
               "orphaned_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $12, $13, "
               "$14)",
               {p.id, p.slug, p.name, p.description, p.owner_team_id, p.created_by, p.created_at_ms,
                p.lifecycle, p.type, p.system, p.repo_url, p.oncall, store::OptText(p.location),
                OptionalInt(p.orphaned_at_ms)})
          .status());
  RETURN_IF_ERROR(WriteSatellites(tx, p));
  return create_hook_ ? create_hook_(tx, p) : absl::OkStatus();
}

absl::StatusOr<std::optional<Project>> ProjectStore::FindBySlug(const std::string& slug) {
  ASSIGN_OR_RETURN(auto rs, store_->Query(std::string(kSelect) + "WHERE p.slug = $1", {slug}));
  if (rs.empty()) return std::nullopt;
  std::vector<Project> one = {FromRow(rs.front())};
  RETURN_IF_ERROR(FillSatellites(nullptr, one));
  return one.front();
}

absl::StatusOr<std::optional<Project>> ProjectStore::FindBySlugTx(store::Tx& tx,
                                                                  const std::string& slug) {
  ASSIGN_OR_RETURN(auto rs, tx.Query(std::string(kSelect) + "WHERE p.slug = $1", {slug}));
  if (rs.empty()) return std::nullopt;
  std::vector<Project> one = {FromRow(rs.front())};
  RETURN_IF_ERROR(FillSatellites(&tx, one));
  return one.front();
}

absl::Status ProjectStore::LockForUpdate(store::Tx& tx, const std::string& project_id) {
  ASSIGN_OR_RETURN(auto rs,
                   tx.Query(std::string("SELECT id FROM projects WHERE id = $1") + tx.ForUpdate(),
                            {project_id}));
  if (rs.empty()) return absl::NotFoundError("no project " + project_id);
  return absl::OkStatus();
}

absl::Status ProjectStore::CheckExists(store::Tx& tx, const std::string& project_id) {
  ASSIGN_OR_RETURN(auto rs, tx.Query("SELECT id FROM projects WHERE id = $1", {project_id}));
  if (rs.empty()) return absl::NotFoundError("no project " + project_id);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Project>> ProjectStore::List(const ProjectQuery& q) {
  std::string sql = std::string(kSelect) + "WHERE p.slug > $1";
  store::Params params = {q.after_slug};
  AddFilters(q, store_->HasTrigramIndexes(), sql, params);
  sql += " ORDER BY p.slug LIMIT " + std::to_string(q.limit);
  ASSIGN_OR_RETURN(auto rs, store_->Query(sql, params));
  std::vector<Project> out;
  out.reserve(rs.rows.size());
  for (const auto& row : rs.rows) out.push_back(FromRow(row));
  RETURN_IF_ERROR(FillSatellites(nullptr, out));
  return out;
}

absl::StatusOr<ProjectFacets> ProjectStore::Facets(const ProjectQuery& q) {
  std::string where = "WHERE 1=1";
  store::Params params;
  AddFilters(q, store_->HasTrigramIndexes(), where, params);
  std::string from = " FROM projects p JOIN teams t ON t.id = p.owner_team_id ";
  ProjectFacets f;
  auto count = [&](const std::string& column, const std::string& extra_join,
                   std::map<std::string, int64_t>& out) -> absl::Status {
    ASSIGN_OR_RETURN(auto rs, store_->Query("SELECT " + column + " AS v, COUNT(*) AS n" + from +
                                                extra_join + where + " GROUP BY " + column,
                                            params));
    for (const auto& r : rs.rows) {
      if (!r.Text("v").empty()) out[r.Text("v")] = r.Int("n");
    }
    return absl::OkStatus();
  };
  // Additional owners count as owners, as they do in the owner filter.
  RETURN_IF_ERROR(count("t.slug", "", f.owner));
  std::map<std::string, int64_t> extra;
  RETURN_IF_ERROR(count("xt.slug",
                        "JOIN project_owners xo ON xo.project_id = p.id JOIN teams xt ON "
                        "xt.id = xo.team_id ",
                        extra));
  for (const auto& [slug, n] : extra) f.owner[slug] += n;
  RETURN_IF_ERROR(count("p.lifecycle", "", f.lifecycle));
  RETURN_IF_ERROR(count("p.system", "", f.system));
  RETURN_IF_ERROR(count("ft.tag", "JOIN project_tags ft ON ft.project_id = p.id ", f.tag));
  return f;
}

absl::Status ProjectStore::Update(store::Tx& tx, const Project& p) {
  RETURN_IF_ERROR(CheckNamespaceClaims(tx, rules_, p, /*creating=*/false));
  RETURN_IF_ERROR(
      tx.Query(
            "UPDATE projects SET name = $1, description = $2, owner_team_id = $3, "
            "updated_at = $4, lifecycle = $5, type = $6, system = $7, repo_url = $8, "
            "oncall = $9, location = $10, orphaned_at = $11 WHERE id = $12",
            {p.name, p.description, p.owner_team_id, clock_->NowMs(), p.lifecycle, p.type, p.system,
             p.repo_url, p.oncall, store::OptText(p.location), OptionalInt(p.orphaned_at_ms), p.id})
          .status());
  return WriteSatellites(tx, p);
}

absl::Status ProjectStore::CheckDeployNamespace(const Project& project, const std::string& cluster,
                                                const std::string& ns) {
  return CheckNamespaceHeld(*store_, rules_, project, cluster, ns);
}

absl::Status ProjectStore::Delete(store::Tx& tx, const Project& p) {
  return tx.Query("DELETE FROM projects WHERE id = $1", {p.id}).status();
}

std::string ProjectStore::JoinSql(std::string_view alias, std::string_view project_id_column) {
  const std::string a(alias);
  return "JOIN projects " + a + " ON " + a + ".id = " + std::string(project_id_column) + " ";
}

}  // namespace paved::catalog
