#include "monitoring/golden/golden_schemas.h"

namespace paved::monitoring {

http::Schema GoldenSignalsSchema() {
  using http::Array;
  using http::Nullable;
  using http::Number;
  using http::Object;
  using http::String;
  http::Schema series =
      Object({{"service", String()}, {"points", Array(Array(Nullable(Number())))}});
  http::Schema panel =
      http::Named("SignalPanel", Object({{"key", String()},
                                         {"title", String()},
                                         {"unit", String()},
                                         {"group", http::Enum({"red", "saturation"})},
                                         {"promql", String()},
                                         {"series", Array(series)},
                                         {"error", Nullable(String())}}));
  http::Schema capacity = Object({{"resource", String()},
                                  {"service", String()},
                                  {"used", Nullable(Number())},
                                  {"days_left", Nullable(Number())}});
  http::Schema budget = Object({{"objective", Number()},
                                {"error_budget", Number()},
                                {"bad_ratio", Nullable(Number())},
                                {"budget_remaining", Nullable(Number())},
                                {"burn_rate_1h", Nullable(Number())}});
  http::Schema slo = http::Named(
      "SloStatus", Object({{"service", String()}, {"availability", budget}, {"latency", budget}}));
  http::Schema deploy = Object({{"id", String()},
                                {"time", http::Integer()},
                                {"environment", String()},
                                {"state", String()},
                                {"digest", String()},
                                {"requester", String()},
                                {"rollback", http::Boolean()}});
  http::Schema target =
      Object({{"cluster", String()}, {"namespace", String()}, {"environment", String()}});
  return http::Named("GoldenSignals", Object({{"project", String()},
                                              {"targets", Array(target)},
                                              {"window", Object({{"from", http::Integer()},
                                                                 {"to", http::Integer()},
                                                                 {"step", http::Integer()}})},
                                              {"prometheus_configured", http::Boolean()},
                                              {"cluster", Nullable(String())},
                                              {"namespace", Nullable(String())},
                                              {"dashboard_url", Nullable(String())},
                                              {"panels", Array(panel)},
                                              {"capacity", Array(capacity)},
                                              {"capacity_error", Nullable(String())},
                                              {"slo_window_days", Nullable(http::Integer())},
                                              {"slos", Array(slo)},
                                              {"slo_error", Nullable(String())},
                                              {"deploys", Array(deploy)}}));
}

}  // namespace paved::monitoring
