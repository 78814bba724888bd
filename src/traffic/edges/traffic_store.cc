#include "traffic/edges/traffic_store.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "store/in_list.h"
#include "store/insert_rows.h"

namespace paved::traffic::edges {
namespace {

using nlohmann::json;

constexpr int kColumns = 9;

constexpr char kAnalysisColumns[] =
    "id, cluster, source, stored_by, stored_at, first_day, last_day, edges, records, lines, "
    "files, bytes, cross_zone_bytes, src_no_pod_bytes, dst_no_pod_bytes, rejected_bytes";

TrafficAnalysis AnalysisFromRow(const store::Row& row) {
  return {.id = row.Text("id"),
          .cluster = row.Text("cluster"),
          .source = row.Text("source"),
          .stored_by = row.Text("stored_by"),
          .stored_at_ms = row.Int("stored_at"),
          .first_day = row.Text("first_day"),
          .last_day = row.Text("last_day"),
          .edges = row.Int("edges"),
          .records = row.Int("records"),
          .lines = row.Int("lines"),
          .files = row.Int("files"),
          .bytes = row.Int("bytes"),
          .cross_zone_bytes = row.Int("cross_zone_bytes"),
          .src_no_pod_bytes = row.Int("src_no_pod_bytes"),
          .dst_no_pod_bytes = row.Int("dst_no_pod_bytes"),
          .rejected_bytes = row.Int("rejected_bytes")};
}

absl::Status InsertEdges(store::Tx& tx, const std::string& analysis_id,
                         const std::vector<EdgeRow>& rows) {
  return store::InsertRows(
      tx,
      "INSERT INTO traffic_edges (cluster, day, src, dst, src_zone, dst_zone, bytes, "
      "cross_zone_bytes, analysis_id) VALUES ",
      kColumns, rows.size(), [&](size_t i, store::Params& params) {
        const EdgeRow& r = rows[i];
        for (store::Value v :
             {store::Value(r.cluster), store::Value(r.day), store::Value(r.src),
              store::Value(r.dst), store::Value(r.src_zone), store::Value(r.dst_zone),
              store::Value(r.bytes), store::Value(r.cross_zone_bytes), store::Value(analysis_id)}) {
          params.push_back(std::move(v));
        }
      });
}

}  // namespace

json AnalysisToJson(const TrafficAnalysis& a) {
  return {{"id", a.id},
          {"cluster", a.cluster},
          {"source", a.source},
          {"stored_by", a.stored_by},
          {"stored_at_ms", a.stored_at_ms},
          {"first_day", a.first_day},
          {"last_day", a.last_day},
          {"edges", a.edges},
          {"records", a.records},
          {"lines", a.lines},
          {"files", a.files},
          {"bytes", a.bytes},
          {"cross_zone_bytes", a.cross_zone_bytes},
          {"src_no_pod_bytes", a.src_no_pod_bytes},
          {"dst_no_pod_bytes", a.dst_no_pod_bytes},
          {"rejected_bytes", a.rejected_bytes}};
}

std::vector<EdgeRow> DailyRows(const std::string& cluster, const TrafficReport& report) {
  std::vector<EdgeRow> rows;
  for (const TrafficEdge& e : report.flows) {
    bool crosses = e.cross_zone_bytes > 0 ||
                   (!e.src_zone.empty() && !e.dst_zone.empty() && e.src_zone != e.dst_zone);
    for (const auto& [day, bytes] : e.bytes_by_day) {
      rows.push_back(
          {cluster, day, e.src, e.dst, e.src_zone, e.dst_zone, bytes, crosses ? bytes : 0});
    }
  }
  return rows;
}

absl::Status TrafficStore::Replace(store::Tx& tx, const TrafficAnalysis& a,
                                   const std::vector<EdgeRow>& rows,
                                   const std::vector<std::string>& also_days) {
  RETURN_IF_ERROR(
      tx.Query(absl::StrCat("INSERT INTO traffic_analyses (", kAnalysisColumns,
                            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                            "$14, $15, $16)"),
               {a.id, a.cluster, a.source, a.stored_by, a.stored_at_ms, a.first_day, a.last_day,
                a.edges, a.records, a.lines, a.files, a.bytes, a.cross_zone_bytes,
                a.src_no_pod_bytes, a.dst_no_pod_bytes, a.rejected_bytes})
          .status());
  std::set<std::string> days(also_days.begin(), also_days.end());
  for (const EdgeRow& r : rows) days.insert(r.day);
  RETURN_IF_ERROR(
      store::QueryInChunks(tx, "DELETE FROM traffic_edges WHERE cluster = $1 AND day IN (",
                           {a.cluster}, {days.begin(), days.end()}, ")", [](const store::Row&) {}));
  return InsertEdges(tx, a.id, rows);
}

absl::StatusOr<std::vector<TrafficAnalysis>> TrafficStore::Analyses(const std::string& cluster,
                                                                    int limit) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query(absl::StrCat("SELECT ", kAnalysisColumns,
                                              " FROM traffic_analyses WHERE $1 = '' OR "
                                              "cluster = $1 ORDER BY stored_at DESC, id DESC "
                                              "LIMIT $2"),
                                 {cluster, static_cast<int64_t>(limit)}));
  std::vector<TrafficAnalysis> out;
  for (const store::Row& row : rs.rows) out.push_back(AnalysisFromRow(row));
  return out;
}

absl::StatusOr<std::vector<EdgeRow>> TrafficStore::Edges(const std::string& from_day,
                                                         const std::string& to_day,
                                                         const std::string& cluster) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query("SELECT cluster, day, src, dst, src_zone, dst_zone, bytes, "
                                 "cross_zone_bytes FROM traffic_edges WHERE day >= $1 AND "
                                 "day <= $2 AND ($3 = '' OR cluster = $3) "
                                 "ORDER BY cluster, day, src, dst, src_zone, dst_zone",
                                 {from_day, to_day, cluster}));
  std::vector<EdgeRow> out;
  out.reserve(rs.rows.size());
  for (const store::Row& row : rs.rows) {
    out.push_back({row.Text("cluster"), row.Text("day"), row.Text("src"), row.Text("dst"),
                   row.Text("src_zone"), row.Text("dst_zone"), row.Int("bytes"),
                   row.Int("cross_zone_bytes")});
  }
  return out;
}

}  // namespace paved::traffic::edges
