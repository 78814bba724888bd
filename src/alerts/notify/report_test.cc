#include "alerts/notify/message.h"
#include "alerts/notify/testing/test_alerts.h"
#include "gtest/gtest.h"

namespace paved::alerts {
namespace {

using testing::kMinute;
using testing::kNow;
using testing::MakeAlert;
using testing::Resolved;

AlertEvent Event(const std::string& kind, const std::string& fingerprint,
                 const std::string& actor = "") {
  AlertEvent e;
  e.at_ms = kNow - kMinute;
  e.fingerprint = fingerprint;
  e.kind = kind;
  e.actor = actor;
  return e;
}

TEST(ReportTest, NothingToSay) {
  ReportInput in{.title = "Payments — alerts 02:00–03:00", .now_ms = kNow};
  EXPECT_EQ(RenderReport(in, AlertsConfig{}), std::nullopt);
  in.events.push_back(Event("message", ""));
  EXPECT_EQ(RenderReport(in, AlertsConfig{}), std::nullopt);
}

TEST(ReportTest, SumsUpThePeriod) {
  Alert old = MakeAlert("DiskFilling", "warning", "f1", 11 * 60);
  Alert fresh = MakeAlert("HighErrorRate", "critical", "f2", 30);
  fresh.acked_by = "mina.kim";
  fresh.acked_at_ms = kNow;
  Alert gone = Resolved(MakeAlert("Slow", "warning", "f3", 50), 10);
  ReportInput in{.title = "Payments — alerts 02:00–03:00",
                 .open = {old, fresh},
                 .events = {Event("firing", "f2"), Event("acknowledged", "f2", "mina.kim"),
                            Event("firing", "f3"), Event("resolved", "f3"), Event("firing", "f2")},
                 .period_alerts = {fresh, gone},
                 .now_ms = kNow};
  auto m = RenderReport(in, AlertsConfig{});
  ASSERT_TRUE(m.has_value());
  std::vector<std::string> texts;
  for (const auto& b : m->blocks) texts.push_back(b["text"]["text"]);
  ASSERT_EQ(texts.size(), 6u);
  EXPECT_EQ(texts[0], "*Payments — alerts 02:00–03:00*");
  EXPECT_EQ(texts[1], "*Open:* 2 firing — 1 critical, 1 warning · 1 acknowledged");
  EXPECT_EQ(texts[2],
            "*New:* 2 — *HighErrorRate* in payments (prod-eu), *Slow* in payments (prod-eu)");
  EXPECT_EQ(texts[3], "*Resolved:* 1 — *Slow* in payments (prod-eu)");
  EXPECT_EQ(texts[4], "*Acknowledged:* 1 — *HighErrorRate* in payments (prod-eu) by mina.kim");
  EXPECT_EQ(texts[5],
            "*Longest firing:*\n:large_yellow_circle: *DiskFilling* in payments (prod-eu) — since "
            "Nov 24 16:12 UTC (11 h)\n:red_circle: *HighErrorRate* in payments (prod-eu) — since "
            "02:42 UTC (30 min)");
  EXPECT_EQ(m->text, "Payments — alerts 02:00–03:00: 2 open, 2 new, 1 resolved, 1 acknowledged");
  EXPECT_EQ(m->content_hash.size(), 64u);
}

TEST(ReportTest, EventsWithoutOpenAlertsStillReport) {
  Alert gone = Resolved(MakeAlert("Slow", "warning", "f3", 50), 10);
  ReportInput in{
      .title = "t", .events = {Event("resolved", "f3")}, .period_alerts = {gone}, .now_ms = kNow};
  auto m = RenderReport(in, AlertsConfig{});
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->blocks[1]["text"]["text"], "*Open:* none");
}

}  // namespace
}  // namespace paved::alerts
