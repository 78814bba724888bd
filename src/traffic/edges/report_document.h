#pragma once

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "traffic/traffic_report.h"

namespace paved::traffic::edges {

// The most flows and distinct days one document may hold.
struct ReportLimits {
  int64_t max_flows = 1'000'000;
  int64_t max_days = 400;
};

// Reads a `vpc-flow-xzone/1` document (what `paved traffic analyze --json` writes, see
// traffic_report.h) checking every field: the schema; each flow's src and dst as
// "namespace/workload", its zones, bytes >= 0, cross_zone_bytes equal to bytes when both zones
// are known and differ (else 0), bytes_by_day keyed by valid UTC days and summing to bytes, no
// flow twice; totals equal to the flows' sums; the unattributed, rejected and counts figures
// >= 0. Fields the reader does not use (cost_usd) are ignored. On failure InvalidArgument
// (`invalid_field`) naming the field as a path, e.g. "flows[3].bytes_by_day.2026-13-01".
absl::StatusOr<TrafficReport> ParseReportDocument(std::string_view text,
                                                  const ReportLimits& limits = {});

}  // namespace paved::traffic::edges
