#include "alerts/notify/message.h"
#include "alerts/notify/testing/test_alerts.h"
#include "gtest/gtest.h"

namespace paved::alerts {
namespace {

using testing::kMinute;
using testing::kNow;
using testing::MakeAlert;

AlertEvent Event(const std::string& kind, const std::string& fingerprint,
                 const std::string& actor = "", nlohmann::json detail = nlohmann::json::object()) {
  AlertEvent e;
  e.at_ms = kNow;
  e.group_key = "prod-eu/payments";
  e.fingerprint = fingerprint;
  e.kind = kind;
  e.actor = actor;
  e.detail = std::move(detail);
  return e;
}

TEST(ThreadReplyTest, OneLinePerChange) {
  Alert a = MakeAlert("HighErrorRate", "critical", "f1", 14);
  a.annotations = {{"summary", "Errors > 5%"}};
  a.labels["pod"] = "web-1";
  Alert b = MakeAlert("DiskFilling", "warning", "f2", 120);
  b.silenced_until_ms = kNow + 60 * kMinute;
  std::string reply =
      RenderThreadReply({Event("firing", "f1"),
                         Event("acknowledged", "f1", "slack:U024BE7LH", {{"comment", "on it"}}),
                         Event("silenced", "f2", "mina.kim"), Event("unsilenced", "f2", "lee"),
                         Event("reminded", "f2"), Event("resolved", "f1"), Event("message", "")},
                        {a, b}, kNow);
  EXPECT_EQ(reply,
            ":red_circle: *HighErrorRate* (pod web-1) firing — Errors &gt; 5%\n"
            ":eyes: *HighErrorRate* (pod web-1) acknowledged by <@U024BE7LH>: “on it”\n"
            ":no_bell: *DiskFilling* silenced by mina.kim until 04:12 UTC\n"
            ":bell: *DiskFilling* unsilenced by lee\n"
            ":repeat: *DiskFilling* still firing since 01:12 UTC (2 h), not acknowledged\n"
            ":white_check_mark: *HighErrorRate* (pod web-1) resolved after 14 min");
}

TEST(ThreadReplyTest, InstancesOfOneNameShareALine) {
  Alert a = MakeAlert("Slow", "warning", "f1");
  Alert b = MakeAlert("Slow", "warning", "f2");
  std::string reply =
      RenderThreadReply({Event("acknowledged", "f1", "slack:U024BE7LH"),
                         Event("acknowledged", "f2", "slack:U024BE7LH"),
                         Event("silenced", "f1", "lee", {{"until", "2025-11-25T07:12:00.000Z"}})},
                        {a, b}, kNow);
  EXPECT_EQ(reply,
            ":eyes: *Slow* ×2 acknowledged by <@U024BE7LH>\n"
            ":no_bell: *Slow* silenced by lee until 07:12 UTC");
}

TEST(ThreadReplyTest, AlertsOutsideTheViewUseTheEventDetail) {
  std::string reply = RenderThreadReply(
      {Event("resolved", "f9", "", {{"alertname", "Gone"}, {"severity", "critical"}})}, {}, kNow);
  EXPECT_EQ(reply, ":white_check_mark: *Gone* resolved");
}

TEST(ThreadReplyTest, EmptyAndLong) {
  EXPECT_EQ(RenderThreadReply({}, {}, kNow), "");
  std::vector<Alert> alerts;
  std::vector<AlertEvent> events;
  for (int i = 0; i < 100; ++i) {
    std::string fp = "f" + std::to_string(i);
    alerts.push_back(MakeAlert(std::string(140, 'A') + std::to_string(i), "critical", fp));
    events.push_back(Event("firing", fp));
  }
  std::string reply = RenderThreadReply(events, alerts, kNow);
  EXPECT_LE(reply.size(), 3000u);
  EXPECT_NE(reply.find(" more changes"), std::string::npos);
}

}  // namespace
}  // namespace paved::alerts
