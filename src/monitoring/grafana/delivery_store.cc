#include "monitoring/grafana/delivery_store.h"

#include "core/status_macros.h"

namespace paved::monitoring::grafana {
namespace {

constexpr char kColumns[] =
    "uid, title, kind, team, project, cluster, namespace, folder_uid, url, version, "
    "content_hash, state, grafana_version, detail, delivered_at, checked_at, annotated_seq";

Delivery FromRow(const store::Row& r) {
  return Delivery{r.Text("uid"),
                  r.Text("title"),
                  r.Text("kind"),
                  r.Text("team"),
                  r.Text("project"),
                  r.Text("cluster"),
                  r.Text("namespace"),
                  r.Text("folder_uid"),
                  r.Text("url"),
                  r.Int("version"),
                  r.Text("content_hash"),
                  r.Text("state"),
                  r.Int("grafana_version"),
                  r.Text("detail"),
                  r.Int("delivered_at"),
                  r.Int("checked_at"),
                  r.Int("annotated_seq")};
}

std::vector<Delivery> FromRows(const store::ResultSet& rs) {
  std::vector<Delivery> out;
  out.reserve(rs.rows.size());
  for (const auto& r : rs.rows) out.push_back(FromRow(r));
  return out;
}

}  // namespace

absl::StatusOr<std::optional<Delivery>> DeliveryStore::Get(const std::string& uid) {
  ASSIGN_OR_RETURN(auto rs,
                   store_->Query(std::string("SELECT ") + kColumns +
                                     " FROM monitoring_dashboard_deliveries WHERE uid = $1",
                                 {uid}));
  if (rs.empty()) return std::nullopt;
  return FromRow(rs.front());
}

absl::StatusOr<std::vector<Delivery>> DeliveryStore::List(const std::string& project) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM monitoring_dashboard_deliveries";
  store::Params params;
  if (!project.empty()) {
    sql += " WHERE project = $1";
    params.push_back(project);
  }
  ASSIGN_OR_RETURN(auto rs, store_->Query(sql + " ORDER BY uid", params));
  return FromRows(rs);
}

absl::Status DeliveryStore::Put(const Delivery& d) {
  return store_
      ->Query(std::string("INSERT INTO monitoring_dashboard_deliveries (") + kColumns +
                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
                  "$16, $17) ON CONFLICT (uid) DO UPDATE SET title = $2, kind = $3, team = $4, "
                  "project = $5, cluster = $6, namespace = $7, folder_uid = $8, url = $9, "
                  "version = $10, content_hash = $11, state = $12, grafana_version = $13, "
                  "detail = $14, delivered_at = $15, checked_at = $16, annotated_seq = $17",
              {d.uid, d.title, d.kind, d.team, d.project, d.cluster, d.ns, d.folder_uid, d.url,
               d.version, d.content_hash, d.state, d.grafana_version, d.detail, d.delivered_at,
               d.checked_at, d.annotated_seq})
      .status();
}

absl::StatusOr<int64_t> DeliveryStore::CountEdited() {
  ASSIGN_OR_RETURN(auto rs, store_->Query("SELECT COUNT(*) AS n FROM "
                                          "monitoring_dashboard_deliveries WHERE state = $1",
                                          {std::string(kEditedInGrafana)}));
  return rs.front().Int("n");
}

}  // namespace paved::monitoring::grafana
