#include "traffic/edges/traffic_schemas.h"

#include <string>
#include <utility>
#include <vector>

namespace paved::traffic::edges {
namespace {

using http::Schema;

// bytes, cross_zone_bytes, share, cost_usd, cost_nanos and `more`.
Schema FigureProps(std::vector<http::Property> more) {
  more.emplace_back("bytes", http::Integer());
  more.emplace_back("cross_zone_bytes", http::Integer());
  more.emplace_back("share", http::Number());
  more.emplace_back("cost_usd", http::String());
  more.emplace_back("cost_nanos", http::Integer());
  return http::Object(std::move(more));
}

std::vector<http::Property> HeaderProps() {
  return {{"from", http::String()},
          {"to", http::String()},
          {"cluster", http::String()},
          {"currency", http::String()},
          {"usd_per_gb", http::Number()}};
}

Schema EdgeSchema() {
  Schema zones = http::Array(http::Object({{"src_zone", http::String()},
                                           {"dst_zone", http::String()},
                                           {"bytes", http::Integer()},
                                           {"cross_zone_bytes", http::Integer()}}));
  return FigureProps({{"cluster", http::String()},
                      {"src", http::String()},
                      {"dst", http::String()},
                      {"direction", http::Enum({"out", "in", "internal"})},
                      {"src_project", http::String()},
                      {"src_team", http::String()},
                      {"dst_project", http::String()},
                      {"dst_team", http::String()},
                      {"zones", zones},
                      {"proposal", http::Nullable(http::Any())},
                      {"proposal_error", http::Optional(http::String())}});
}

}  // namespace

Schema AnalysisSchema() {
  std::vector<http::Property> props = {{"id", http::String()},
                                       {"cluster", http::String()},
                                       {"source", http::String()},
                                       {"stored_by", http::String()},
                                       {"stored_at_ms", http::Integer()},
                                       {"first_day", http::String()},
                                       {"last_day", http::String()}};
  for (const char* n : {"edges", "records", "lines", "files", "bytes", "cross_zone_bytes",
                        "src_no_pod_bytes", "dst_no_pod_bytes", "rejected_bytes"}) {
    props.emplace_back(n, http::Integer());
  }
  return http::Named("TrafficAnalysis", http::Object(std::move(props)));
}

Schema RankingSchema() {
  Schema group = FigureProps({{"keys", http::Map(http::String())}, {"unowned", http::Boolean()}});
  std::vector<http::Property> props = HeaderProps();
  props.emplace_back("group_by", http::Enum({"team", "project", "workload", "edge"}));
  props.emplace_back("groups", http::Array(group));
  props.emplace_back("total", FigureProps({}));
  return http::Named("TrafficRanking", http::Object(std::move(props)));
}

Schema ScopeSchema() {
  std::vector<http::Property> props = HeaderProps();
  props.emplace_back(
      "scope", http::Object({{"kind", http::Enum({"project", "team"})}, {"slug", http::String()}}));
  props.emplace_back("sent", FigureProps({}));
  props.emplace_back("received", FigureProps({}));
  props.emplace_back(
      "month",
      FigureProps({{"month", http::String()}, {"from", http::String()}, {"to", http::String()}}));
  props.emplace_back("trend", http::Object({{"previous_from", http::String()},
                                            {"previous_to", http::String()},
                                            {"previous", FigureProps({})},
                                            {"change", http::Nullable(http::Number())}}));
  props.emplace_back("days", http::Array(FigureProps({{"day", http::String()}})));
  props.emplace_back("workloads", http::Array(http::Object({{"cluster", http::String()},
                                                            {"workload", http::String()},
                                                            {"sent", FigureProps({})},
                                                            {"received", FigureProps({})},
                                                            {"share", http::Number()}})));
  props.emplace_back("edges", http::Array(EdgeSchema()));
  return http::Named("TrafficScope", http::Object(std::move(props)));
}

}  // namespace paved::traffic::edges
