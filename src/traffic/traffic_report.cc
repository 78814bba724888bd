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
  json flows = json::array();
  for (const TrafficEdge& edge : report.flows) {
    json days = json::object();
    for (const auto& [day, bytes] : edge.bytes_by_day) days[day] = bytes;
    flows.push_back({{"src", edge.src},
                     {"dst", edge.dst},
                     {"src_zone", edge.src_zone},
                     {"dst_zone", edge.dst_zone},
                     {"bytes", edge.bytes},
                     {"cross_zone_bytes", edge.cross_zone_bytes},
                     {"cost_usd", CrossZoneCostUsd(edge.cross_zone_bytes)},
                     {"bytes_by_day", std::move(days)}});
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
