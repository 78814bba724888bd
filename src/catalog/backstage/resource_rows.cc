#include "catalog/backstage/resource_rows.h"

#include "catalog/teams.h"
#include "core/status_macros.h"

namespace paved::catalog::backstage {
namespace {

constexpr char kSelect[] =
    "SELECT r.id, r.provider, r.account, r.region, r.type, r.name, r.tags, r.owner_team_id, "
    "r.project_id, r.source, r.first_seen, r.last_seen, t.slug AS owner_slug, "
    "t.status AS owner_status, p.slug AS project_slug FROM cloud_resources r "
    "LEFT JOIN teams t ON t.id = r.owner_team_id LEFT JOIN projects p ON p.id = r.project_id ";

CloudResource FromRow(const store::Row& row) {
  CloudResource r{.id = row.Text("id"),
                  .provider = row.Text("provider"),
                  .account = row.Text("account"),
                  .region = row.Text("region"),
                  .type = row.Text("type"),
                  .name = row.Text("name"),
                  .owner_team_id = row.Text("owner_team_id"),
                  .owner_team = row.Text("owner_slug"),
                  .owner_status = row.Text("owner_status"),
                  .project_id = row.Text("project_id"),
                  .project = row.Text("project_slug"),
                  .source = row.Text("source"),
                  .first_seen_ms = row.Int("first_seen"),
                  .last_seen_ms = row.Int("last_seen")};
  r.tags = nlohmann::json::parse(row.Text("tags"), nullptr, false);
  if (!r.tags.is_object()) r.tags = nlohmann::json::object();
  return r;
}

}  // namespace

absl::Status UpsertResourceRow(store::Tx& tx, const CloudResource& r, int64_t now_ms) {
  return tx
      .Query(
          "INSERT INTO cloud_resources (id, provider, account, region, type, name, tags, "
          "owner_team_id, project_id, source, first_seen, last_seen) VALUES ($1, $2, $3, $4, "
          "$5, $6, $7, $8, $9, $10, $11, $11) ON CONFLICT (id) DO UPDATE SET provider = $2, "
          "account = $3, region = $4, type = $5, name = $6, tags = $7, owner_team_id = $8, "
          "project_id = $9, source = $10, last_seen = $11",
          {r.id, r.provider, r.account, r.region, r.type, r.name, r.tags.dump(),
           OptionalText(r.owner_team_id), OptionalText(r.project_id), r.source, now_ms})
      .status();
}

absl::StatusOr<std::optional<CloudResource>> FindResourceRow(store::Tx& tx, const std::string& id) {
  ASSIGN_OR_RETURN(auto rs, tx.Query(std::string(kSelect) + "WHERE r.id = $1", {id}));
  if (rs.empty()) return std::nullopt;
  return FromRow(rs.front());
}

absl::StatusOr<std::vector<CloudResource>> ListResourceRows(store::Store& store) {
  ASSIGN_OR_RETURN(auto rs, store.Query(std::string(kSelect) + "ORDER BY r.id"));
  std::vector<CloudResource> out;
  for (const auto& row : rs.rows) out.push_back(FromRow(row));
  return out;
}

}  // namespace paved::catalog::backstage
