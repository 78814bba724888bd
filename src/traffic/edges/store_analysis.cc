#include "traffic/edges/store_analysis.h"

#include "core/random.h"
#include "core/status_macros.h"

namespace paved::traffic::edges {

absl::StatusOr<TrafficAnalysis> StoreAnalysis(const StoreAnalysisDeps& deps,
                                              const std::string& cluster, const std::string& source,
                                              const std::string& actor, const TrafficReport& report,
                                              const std::vector<std::string>& also_days) {
  std::vector<EdgeRow> rows = DailyRows(cluster, report);
  TrafficAnalysis a{.id = NewId(),
                    .cluster = cluster,
                    .source = source,
                    .stored_by = actor,
                    .stored_at_ms = deps.clock->NowMs(),
                    .edges = static_cast<int64_t>(rows.size()),
                    .records = report.counts.counted_records,
                    .lines = report.counts.lines,
                    .files = report.counts.files,
                    .bytes = report.total_bytes,
                    .cross_zone_bytes = report.total_cross_zone_bytes,
                    .src_no_pod_bytes = report.src_no_pod_bytes,
                    .dst_no_pod_bytes = report.dst_no_pod_bytes,
                    .rejected_bytes = report.rejected_egress_bytes};
  for (const EdgeRow& r : rows) {
    if (a.first_day.empty() || r.day < a.first_day) a.first_day = r.day;
    if (r.day > a.last_day) a.last_day = r.day;
  }
  RETURN_IF_ERROR(deps.store->Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(deps.traffic->Replace(tx, a, rows, also_days));
    return deps.audit->Append(tx, actor, "traffic.analysis", "cluster:" + cluster,
                              AnalysisToJson(a));
  }));
  deps.audit->Published();
  return a;
}

}  // namespace paved::traffic::edges
