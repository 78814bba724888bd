#include "traffic/traffic_report.h"

#include <algorithm>
#include <tuple>

#include "nlohmann/json.hpp"

namespace paved::traffic {

double CrossZoneCostUsd(int64_t cross_zone_bytes) {
  return static_cast<double>(cross_zone_bytes) * kCrossZoneUsdPerGb / 1e9;
}

void SortFlows(std::vector<TrafficEdge>& flows) {
  std::sort(flows.begin(), flows.end(), [](const TrafficEdge& a, const TrafficEdge& b) {
    return std::tie(b.cross_zone_bytes, b.bytes, a.src, a.dst, a.src_zone, a.dst_zone) <
           std::tie(a.cross_zone_bytes, a.bytes, b.src, b.dst, b.src_zone, b.dst_zone);
  });
}

namespace {

using json = nlohmann::ordered_json;

// Members set one by one: objects built from initializer lists copy every value again.
json FlowJson(const TrafficEdge& edge) {
  json flow = json::object();
  flow["src"] = edge.src;
  flow["dst"] = edge.dst;
  flow["src_zone"] = edge.src_zone;
  flow["dst_zone"] = edge.dst_zone;
  flow["bytes"] = edge.bytes;
  flow["cross_zone_bytes"] = edge.cross_zone_bytes;
  flow["cost_usd"] = CrossZoneCostUsd(edge.cross_zone_bytes);
  json& days = flow["bytes_by_day"] = json::object();
  for (const auto& [day, bytes] : edge.bytes_by_day) days[day] = bytes;
  return flow;
}

// The whole document, with `flows` as its flows.
json ReportDocument(const TrafficReport& report, json flows) {
  const TrafficCounts& c = report.counts;
  json out = {{"schema", "vpc-flow-xzone/1"},
              {"flows", std::move(flows)},
              {"totals",
               {{"bytes", report.total_bytes},
                {"cross_zone_bytes", report.total_cross_zone_bytes},
                {"cost_usd", CrossZoneCostUsd(report.total_cross_zone_bytes)}}},
              {"unattributed_bytes", report.unattributed_bytes()},
              {"unattributed_detail",
               {{"src_no_pod_bytes", report.src_no_pod_bytes},
                {"dst_no_pod_bytes", report.dst_no_pod_bytes}}},
              {"rejected_egress_bytes", report.rejected_egress_bytes},
              {"counts",
               {{"counted_records", c.counted_records},
                {"lines", c.lines},
                {"files", c.files},
                {"uncompressed_bytes", c.uncompressed_bytes},
                {"undirected_records", c.undirected_records}}}};
  return out;
}

}  // namespace

std::string ReportJson(const TrafficReport& report, int indent) {
  if (indent >= 0) {
    json flows = json::array();
    for (const TrafficEdge& edge : report.flows) flows.push_back(FlowJson(edge));
    return ReportDocument(report, std::move(flows)).dump(indent);
  }
  // Compact: each flow written as soon as it is built, into the document's empty flows array
  // (its first member after a fixed "schema"). A tree of tens of thousands of flows took longer
  // to build and free than to write.
  std::string out = ReportDocument(report, json::array()).dump();
  std::string flows;
  for (const TrafficEdge& edge : report.flows) {
    if (!flows.empty()) flows += ',';
    flows += FlowJson(edge).dump();
  }
  const std::string_view empty_flows = "\"flows\":[]";
  out.insert(out.find(empty_flows) + empty_flows.size() - 1, flows);
  return out;
}

}  // namespace paved::traffic
