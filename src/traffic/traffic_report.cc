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

std::string ReportJson(const TrafficReport& report, int indent) {
  using json = nlohmann::ordered_json;
  // Each flow's members set one by one: objects built from initializer lists copy every value
  // again, which shows with tens of thousands of flows.
  json flows = json::array();
  flows.get_ref<json::array_t&>().reserve(report.flows.size());
  for (const TrafficEdge& edge : report.flows) {
    json& flow = flows.emplace_back(json::object());
    flow["src"] = edge.src;
    flow["dst"] = edge.dst;
    flow["src_zone"] = edge.src_zone;
    flow["dst_zone"] = edge.dst_zone;
    flow["bytes"] = edge.bytes;
    flow["cross_zone_bytes"] = edge.cross_zone_bytes;
    flow["cost_usd"] = CrossZoneCostUsd(edge.cross_zone_bytes);
    json& days = flow["bytes_by_day"] = json::object();
    for (const auto& [day, bytes] : edge.bytes_by_day) days[day] = bytes;
  }
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
  return out.dump(indent);
}

}  // namespace paved::traffic
