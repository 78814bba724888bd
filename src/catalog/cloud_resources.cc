#include "catalog/cloud_resources.h"

#include "catalog/teams.h"
#include "core/status_macros.h"

namespace paved::catalog {
namespace {

constexpr char kSelect[] =
    "SELECT r.id, r.provider, r.account, r.region, r.type, r.name, r.tags, r.owner_team_id, "
    "r.project_id, r.source, r.first_seen, r.last_seen, t.slug AS owner_slug, "
    "t.status AS owner_status, p.slug AS project_slug FROM cloud_resources r "
    "LEFT JOIN teams t ON t.id = r.owner_team_id LEFT JOIN projects p ON p.id = r.project_id ";

CloudResource FromRow(const store::Row& row) {
  nlohmann::json tags = nlohmann::json::parse(row.Text("tags"), nullptr, false);
  if (!tags.is_object()) tags = nlohmann::json::object();
  return CloudResource{.id = row.Text("id"),
                       .provider = row.Text("provider"),
                       .account = row.Text("account"),
                       .region = row.Text("region"),
                       .type = row.Text("type"),
                       .name = row.Text("name"),
                       .tags = std::move(tags),
                       .owner_team_id = row.Text("owner_team_id"),
                       .owner_team = row.Text("owner_slug"),
                       .owner_status = row.Text("owner_status"),
                       .project_id = row.Text("project_id"),
                       .project = row.Text("project_slug"),
                       .source = row.Text("source"),
                       .first_seen_ms = row.Int("first_seen"),
                       .last_seen_ms = row.Int("last_seen")};
}

nlohmann::json NullIfEmpty(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

absl::StatusOr<std::optional<CloudResource>> First(absl::StatusOr<store::ResultSet> rs) {
  if (!rs.ok()) return rs.status();
  if (rs->empty()) return std::nullopt;
  return FromRow(rs->front());
}

}  // namespace

std::string CloudResource::OrphanReason() const {
  if (owner_team_id.empty()) return "no owner team";
  if (owner_status == "dissolved") return "owner team " + owner_team + " is dissolved";
  return "";
}

nlohmann::json CloudResourceToJson(const CloudResource& r) {
  std::string reason = r.OrphanReason();
  return {{"id", r.id},
          {"provider", r.provider},
          {"account", r.account},
          {"region", r.region},
          {"type", r.type},
          {"name", r.name},
          {"tags", r.tags},
          {"owner_team", NullIfEmpty(r.owner_team)},
          {"owner_status", NullIfEmpty(r.owner_status)},
          {"project", NullIfEmpty(r.project)},
          {"source", r.source},
          {"orphaned", !reason.empty()},
          {"orphan_reason", NullIfEmpty(reason)},
          {"first_seen", FormatTimeMs(r.first_seen_ms)},
          {"last_seen", FormatTimeMs(r.last_seen_ms)}};
}

absl::Status CloudResourceStore::Upsert(store::Tx& tx, const CloudResource& r) {
  int64_t now = clock_->NowMs();
  return tx
      .Query(
          "INSERT INTO cloud_resources (id, provider, account, region, type, name, tags, "
          "owner_team_id, project_id, source, first_seen, last_seen) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) "
          "ON CONFLICT (id) DO UPDATE SET provider = excluded.provider, "
          "account = excluded.account, region = excluded.region, type = excluded.type, "
          "name = excluded.name, tags = excluded.tags, owner_team_id = excluded.owner_team_id, "
          "project_id = excluded.project_id, source = excluded.source, "
          "last_seen = excluded.last_seen",
          {r.id, r.provider, r.account, r.region, r.type, r.name, r.tags.dump(),
           OptionalText(r.owner_team_id), OptionalText(r.project_id), r.source, now})
      .status();
}

absl::StatusOr<std::optional<CloudResource>> CloudResourceStore::Find(const std::string& id) {
  return First(store_->Query(std::string(kSelect) + "WHERE r.id = $1", {id}));
}

absl::StatusOr<std::optional<CloudResource>> CloudResourceStore::FindTx(store::Tx& tx,
                                                                        const std::string& id) {
  return First(tx.Query(std::string(kSelect) + "WHERE r.id = $1", {id}));
}

absl::StatusOr<std::vector<CloudResource>> CloudResourceStore::List(const CloudResourceQuery& q) {
  std::string sql = std::string(kSelect) + "WHERE r.id > $1";
  store::Params params = {q.after_id};
  if (!q.owner_slug.empty()) {
    params.push_back(q.owner_slug);
    sql += " AND t.slug = $" + std::to_string(params.size());
  }
  if (!q.project_slug.empty()) {
    params.push_back(q.project_slug);
    sql += " AND p.slug = $" + std::to_string(params.size());
  }
  if (q.orphaned_only) sql += " AND (r.owner_team_id IS NULL OR t.status = 'dissolved')";
  params.push_back(static_cast<int64_t>(q.limit));
  sql += " ORDER BY r.id LIMIT $" + std::to_string(params.size());
  ASSIGN_OR_RETURN(auto rs, store_->Query(sql, params));
  std::vector<CloudResource> out;
  for (const auto& row : rs.rows) out.push_back(FromRow(row));
  return out;
}

absl::Status CloudResourceStore::SetOwner(store::Tx& tx, const std::string& id,
                                          const std::string& owner_team_id,
                                          const std::string& project_id) {
  ASSIGN_OR_RETURN(auto rs, tx.Query("UPDATE cloud_resources SET owner_team_id = $1, "
                                     "project_id = $2 WHERE id = $3",
                                     {OptionalText(owner_team_id), OptionalText(project_id), id}));
  if (rs.affected == 0) return absl::NotFoundError("no cloud resource " + id);
  return absl::OkStatus();
}

}  // namespace paved::catalog
