#include "alerts/routes/alert_schemas.h"

#include "catalog/catalog_schemas.h"

namespace paved::alerts {

using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

namespace {

Schema Time() { return Nullable(String()); }

Schema AlertEventSchema() {
  return Named("AlertEvent", Object({{"seq", Integer()},
                                     {"at", String()},
                                     {"group", String()},
                                     {"fingerprint", String()},
                                     {"kind", String()},
                                     {"actor", String()},
                                     {"detail", OpenObject({})}}));
}

std::vector<Property> AlertProperties() {
  return {{"fingerprint", String()},
          {"source", String()},
          {"status", Enum({"firing", "resolved"})},
          {"alertname", String()},
          {"severity", String()},
          {"namespace", String()},
          {"cluster", String()},
          {"group", String()},
          {"project", String()},
          {"team", String()},
          {"labels", Map(String())},
          {"annotations", Map(String())},
          {"links", Map(String())},
          {"generator_url", String()},
          {"starts_at", Time()},
          {"ends_at", Time()},
          {"first_seen", Time()},
          {"last_received", Time()},
          {"resolved_at", Time()},
          {"acknowledged", Nullable(Object({{"by", String()}, {"at", Time()}}))},
          {"silenced", Nullable(Object({{"by", String()}, {"until", Time()}}))}};
}

}  // namespace

Schema AlertSchema() { return Named("Alert", Object(AlertProperties())); }

Schema AlertPageSchema() { return PageOf(AlertSchema()); }

Schema AlertDetailSchema() {
  std::vector<Property> props = AlertProperties();
  props.emplace_back("events", Array(AlertEventSchema()));
  return Named("AlertDetail", Object(std::move(props)));
}

Schema AlertSummarySchema() {
  Schema group = Object({{"group", String()},
                         {"cluster", String()},
                         {"namespace", String()},
                         {"team", String()},
                         {"project", String()},
                         {"firing", Integer()}});
  return Named("AlertSummary", Object({{"firing", Integer()},
                                       {"acknowledged", Integer()},
                                       {"silenced", Integer()},
                                       {"unowned", Integer()},
                                       {"resolved_last_day", Integer()},
                                       {"by_team", Map(Integer())},
                                       {"by_severity", Map(Integer())},
                                       {"groups", Array(group)}}));
}

Schema AlertHistorySchema() {
  Schema item = Object({{"at", String()},
                        {"kind", String()},
                        {"group", String()},
                        {"fingerprint", String()},
                        {"alertname", String()},
                        {"actor", String()},
                        {"text", String()}});
  return Named("AlertHistory", Object({{"group", String()},
                                       {"groups", Array(String())},
                                       {"owner", Nullable(catalog::OwnerInfoSchema())},
                                       {"since", String()},
                                       {"until", String()},
                                       {"items", Array(item)}}));
}

Schema AlertMessageSchema() {
  Schema destination = Object({{"notify", Boolean()},
                               {"channel", String()},
                               {"mention", String()},
                               {"unowned", Boolean()}});
  return Named("AlertMessage", Object({{"group", String()},
                                       {"chat", Enum({"slack", "incoming_webhook", "none"})},
                                       {"destination", destination},
                                       {"text", String()},
                                       {"blocks", Array(OpenObject({{"type", String()}}))}}));
}

}  // namespace paved::alerts
