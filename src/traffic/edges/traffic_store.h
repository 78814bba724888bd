#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "store/store.h"
#include "traffic/traffic_report.h"

namespace paved::traffic::edges {

// One stored analysis of a cluster's flow logs, as recorded.
struct TrafficAnalysis {
  std::string id;
  std::string cluster;
  std::string source;  // the report's name as its sender gave it (never a server path)
  std::string stored_by;
  int64_t stored_at_ms = 0;
  std::string first_day, last_day;  // the UTC days it covers; "" when it has no flows
  int64_t edges = 0;                // rows stored (flow × day)
  int64_t records = 0, lines = 0, files = 0;
  int64_t bytes = 0, cross_zone_bytes = 0;
  int64_t src_no_pod_bytes = 0, dst_no_pod_bytes = 0, rejected_bytes = 0;
};
nlohmann::json AnalysisToJson(const TrafficAnalysis& a);

// Bytes from one workload to another on a cluster, UTC day and pair of zones.
struct EdgeRow {
  std::string cluster, day, src, dst, src_zone, dst_zone;
  int64_t bytes = 0;
  int64_t cross_zone_bytes = 0;  // `bytes` when the zones are known and differ, else 0
};

// The report's flows cut by day, for `cluster`, in the report's order.
std::vector<EdgeRow> DailyRows(const std::string& cluster, const TrafficReport& report);

// Tables `traffic_analyses` and `traffic_edges`.
class TrafficStore {
 public:
  explicit TrafficStore(store::Store* store) : store_(store) {}

  // Records `analysis` and replaces every row of its cluster on the days `rows` cover, and on
  // `also_days` (YYYY-MM-DD) even where `rows` has none, with `rows`, in the caller's
  // transaction: a day analysed again replaces the day before, and readers see either the old or
  // the new day, never a mix.
  absl::Status Replace(store::Tx& tx, const TrafficAnalysis& analysis,
                       const std::vector<EdgeRow>& rows,
                       const std::vector<std::string>& also_days = {});

  // Newest first; every cluster's when `cluster` is "".
  absl::StatusOr<std::vector<TrafficAnalysis>> Analyses(const std::string& cluster, int limit = 50);

  // The rows of days in [from, to] (YYYY-MM-DD), of `cluster` or of every cluster when "".
  absl::StatusOr<std::vector<EdgeRow>> Edges(const std::string& from_day, const std::string& to_day,
                                             const std::string& cluster = "");

 private:
  store::Store* store_;
};

}  // namespace paved::traffic::edges
