#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace paved::traffic {

// USD per byte sent across zones: 0.01 USD per GB out of one zone plus 0.01 USD per GB into the
// other (both sides billed), so 0.02 / 10^9.
inline constexpr double kCrossZoneUsdPerGb = 0.02;

// The cost of `cross_zone_bytes` in USD: bytes × 0.02 / 10^9, from the integer total.
double CrossZoneCostUsd(int64_t cross_zone_bytes);

// Bytes sent from one workload to another, aggregated over every pod of each: the key is
// (src, dst, src_zone, dst_zone). Workloads are "namespace/workload"; a zone is the node's
// `topology.k8s.aws/zone-id` label, "" when the node or its label is unknown.
struct TrafficEdge {
  std::string src, dst;
  std::string src_zone, dst_zone;
  int64_t bytes = 0;
  // `bytes` when both zones are known and differ, else 0.
  int64_t cross_zone_bytes = 0;
  // The same bytes by UTC day ("YYYY-MM-DD") of each record's start; sums to `bytes`.
  std::map<std::string, int64_t> bytes_by_day;
};

// What was read.
struct TrafficCounts {
  int64_t counted_records = 0;     // egress ACCEPT records (attributed or not)
  int64_t lines = 0;               // record lines (headers and empty lines not counted)
  int64_t files = 0;               // flow-log files read
  int64_t uncompressed_bytes = 0;  // of every file, header included
  // Records of files (or lines) without `flow-direction`: counted as if egress, so a flow logged
  // at both of its ENIs is counted twice. 0 for v5 logs.
  int64_t undirected_records = 0;
};

// The result of one analysis (schema `vpc-flow-xzone/1`).
struct TrafficReport {
  // Pod → pod edges, sorted by cross_zone_bytes, then bytes (both descending), then by key.
  std::vector<TrafficEdge> flows;
  int64_t total_bytes = 0;             // of `flows`
  int64_t total_cross_zone_bytes = 0;  // of `flows`
  // Egress ACCEPT bytes whose source has no pod at the record's start, and those whose source has
  // one but whose destination has none (an AWS service, the internet, a node).
  int64_t src_no_pod_bytes = 0;
  int64_t dst_no_pod_bytes = 0;
  int64_t rejected_egress_bytes = 0;  // egress REJECT records: bytes that never left
  TrafficCounts counts;

  int64_t unattributed_bytes() const { return src_no_pod_bytes + dst_no_pod_bytes; }
};

// The report as JSON, schema `vpc-flow-xzone/1`:
// {"schema","flows":[{"src","dst","src_zone","dst_zone","bytes","cross_zone_bytes","cost_usd",
// "bytes_by_day":{day:bytes}}],"totals":{"bytes","cross_zone_bytes","cost_usd"},
// "unattributed_bytes","unattributed_detail":{"src_no_pod_bytes","dst_no_pod_bytes"},
// "rejected_egress_bytes","counts":{"counted_records","lines","files","uncompressed_bytes",
// "undirected_records"}}. `indent` as nlohmann::json::dump takes it (-1: one line).
std::string ReportJson(const TrafficReport& report, int indent = -1);

// Orders `flows` as TrafficReport::flows says (deterministic output).
void SortFlows(std::vector<TrafficEdge>& flows);

}  // namespace paved::traffic
