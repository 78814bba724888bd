#include "alerts/notify/message.h"

#include "alerts/notify/testing/test_alerts.h"
#include "gtest/gtest.h"

namespace paved::alerts {
namespace {

using testing::MakeAlert;
using testing::Owner;
using testing::Resolved;

TEST(RoutingTest, OwnedGoesToTheTeamChannelAndMentionsOnCall) {
  AlertsConfig c;
  Destination d = ResolveDestination(c, Owner(), {MakeAlert("A", "critical", "f1")});
  EXPECT_TRUE(d.notify);
  EXPECT_FALSE(d.unowned);
  EXPECT_EQ(d.channel, "#payments");
  EXPECT_EQ(d.mention, "<@U024BE7LH>");
}

TEST(RoutingTest, OwnerWithoutChannelOrUnownedGoesToTheFallback) {
  AlertsConfig c;
  c.fallback_channel = "#fallback";
  auto owner = Owner();
  owner.chat_channel = "";
  owner.oncall = "S0614TZR7";
  Destination d = ResolveDestination(c, owner, {MakeAlert("A", "critical", "f1")});
  EXPECT_EQ(d.channel, "#fallback");
  EXPECT_FALSE(d.unowned);
  EXPECT_EQ(d.mention, "<!subteam^S0614TZR7>");

  Destination u = ResolveDestination(c, std::nullopt, {MakeAlert("A", "critical", "f1")});
  EXPECT_EQ(u.channel, "#fallback");
  EXPECT_TRUE(u.unowned);
  EXPECT_EQ(u.mention, "");

  owner.team_status = "dissolved";
  Destination gone = ResolveDestination(c, owner, {MakeAlert("A", "critical", "f1")});
  EXPECT_EQ(gone.channel, "#fallback");
  EXPECT_EQ(gone.mention, "");
}

TEST(RoutingTest, FirstMatchingRuleWinsOnTheHighestSeverityFiringAlert) {
  AlertsConfig c;
  c.routes.push_back({.team = "", .match = {{"severity", "info"}}, .notify = false});
  c.routes.push_back({.team = "payments",
                      .match = {{"alertname", "~Disk.*"}},
                      .notify = true,
                      .channel = "#payments-storage"});
  c.routes.push_back({.team = "other", .match = {}, .notify = true, .channel = "#other"});

  // Info alone: kept off chat.
  EXPECT_FALSE(ResolveDestination(c, Owner(), {MakeAlert("Note", "info", "f1")}).notify);
  // A critical DiskFilling outranks the info alert: the payments rule decides.
  std::vector<Alert> mixed = {MakeAlert("Note", "info", "f1"),
                              MakeAlert("DiskFilling", "critical", "f2")};
  Destination d = ResolveDestination(c, Owner(), mixed);
  EXPECT_TRUE(d.notify);
  EXPECT_EQ(d.channel, "#payments-storage");
  EXPECT_EQ(RoutingAlert(mixed)->fingerprint, "f2");
  // A resolved critical does not outrank a firing info.
  std::vector<Alert> calm = {MakeAlert("Note", "info", "f1"),
                             Resolved(MakeAlert("DiskFilling", "critical", "f2"), 1)};
  EXPECT_FALSE(ResolveDestination(c, Owner(), calm).notify);
  // The team condition: the "other" team rule never applies to payments, nor to unowned.
  EXPECT_EQ(ResolveDestination(c, Owner(), {MakeAlert("X", "warning", "f3")}).channel, "#payments");
  EXPECT_EQ(ResolveDestination(c, std::nullopt, {MakeAlert("X", "warning", "f3")}).channel,
            c.fallback_channel);
  EXPECT_EQ(RoutingAlert({}), nullptr);
}

TEST(ReminderIntervalTest, FirstMatchingPolicy) {
  AlertsConfig c;
  c.reminders.push_back({.match = {{"severity", "critical"}}, .every_ms = 1'800'000});
  c.reminders.push_back({.match = {{"alertname", "DiskFilling"}}, .every_ms = 14'400'000});
  EXPECT_EQ(ReminderInterval(c, MakeAlert("DiskFilling", "critical", "f")), 1'800'000);
  EXPECT_EQ(ReminderInterval(c, MakeAlert("DiskFilling", "warning", "f")), 14'400'000);
  EXPECT_EQ(ReminderInterval(c, MakeAlert("Other", "warning", "f")), std::nullopt);
}

}  // namespace
}  // namespace paved::alerts
