#include "monitoring/rules/slo_view.h"

#include "monitoring/rules/slo_rules.h"

namespace paved::monitoring::rules {
namespace {

using nlohmann::json;

json Objectives(const Target& t, const std::string& service) {
  return {{"cluster", t.cluster},
          {"namespace", t.ns},
          {"service", service},
          {"window_days", t.slo.window_days},
          {"availability",
           {{"objective", t.slo.availability},
            {"error_budget", ErrorBudget(t, Sli::kAvailability)},
            {"record", RecordName(Sli::kAvailability, "<window>")}}},
          {"latency",
           {{"percent", t.slo.latency_percent},
            {"ms", t.slo.latency_ms},
            {"error_budget", ErrorBudget(t, Sli::kLatency)},
            {"record", RecordName(Sli::kLatency, "<window>")}}},
          {"metrics",
           {{"source", t.metrics.source},
            {"requests_total", t.metrics.requests.requests_total},
            {"duration_bucket", t.metrics.requests.duration_bucket}}}};
}

json BurnAlertsJson() {
  json out = json::array();
  for (const BurnAlert& a : BurnAlerts()) {
    json windows = json::array();
    for (const BurnWindow& w : a.windows) {
      windows.push_back({{"long", w.long_window}, {"short", w.short_window}, {"factor", w.factor}});
    }
    out.push_back({{"speed", a.speed == "Fast" ? "fast" : "slow"},
                   {"severity", a.severity},
                   {"for", a.for_duration},
                   {"windows", windows}});
  }
  return out;
}

}  // namespace

json SloView(const std::vector<Target>& targets) {
  json items = json::array();
  for (const Target& t : targets) {
    if (t.services.empty()) items.push_back(Objectives(t, ""));
    for (const std::string& s : t.services) items.push_back(Objectives(t, s));
  }
  return {{"windows", SloWindows()}, {"burn_alerts", BurnAlertsJson()}, {"items", items}};
}

http::Schema SloViewSchema() {
  using http::Array;
  using http::Number;
  using http::Object;
  using http::String;
  http::Schema objective =
      Object({{"objective", Number()}, {"error_budget", Number()}, {"record", String()}});
  http::Schema latency = Object({{"percent", Number()},
                                 {"ms", http::Integer()},
                                 {"error_budget", Number()},
                                 {"record", String()}});
  http::Schema item = Object({{"cluster", String()},
                              {"namespace", String()},
                              {"service", String()},
                              {"window_days", http::Integer()},
                              {"availability", objective},
                              {"latency", latency},
                              {"metrics", Object({{"source", String()},
                                                  {"requests_total", String()},
                                                  {"duration_bucket", String()}})}});
  http::Schema window = Object({{"long", String()}, {"short", String()}, {"factor", Number()}});
  http::Schema alert = Object({{"speed", http::Enum({"fast", "slow"})},
                               {"severity", http::Enum({"page", "ticket"})},
                               {"for", String()},
                               {"windows", Array(window)}});
  return http::Named("MonitoringSlos", Object({{"windows", Array(String())},
                                               {"burn_alerts", Array(alert)},
                                               {"items", Array(item)}}));
}

}  // namespace paved::monitoring::rules
