#include <set>

#include "alerts/notify/message.h"
#include "alerts/notify/testing/test_alerts.h"
#include "gtest/gtest.h"

namespace paved::alerts {
namespace {

using json = nlohmann::json;
using testing::kMinute;
using testing::kNow;
using testing::MakeAlert;
using testing::Owner;
using testing::Resolved;

GroupView View(std::vector<Alert> alerts, bool owned = true) {
  GroupView v;
  v.group_key = "prod-eu/payments";
  v.cluster = "prod-eu";
  v.ns = "payments";
  if (owned) v.owner = Owner();
  v.destination = ResolveDestination(AlertsConfig{}, v.owner, alerts);
  v.alerts = std::move(alerts);
  v.now_ms = kNow;
  return v;
}

AlertsConfig Config() {
  AlertsConfig c;
  c.public_url = "https://paved.example.com";
  return c;
}

std::string Text(const json& block) { return block["text"]["text"].get<std::string>(); }

std::vector<std::string> SectionTexts(const RenderedMessage& m) {
  std::vector<std::string> out;
  for (const auto& b : m.blocks) {
    if (b["type"] == "section") out.push_back(Text(b));
  }
  return out;
}

TEST(GroupMessageTest, HeaderNamesTeamOnCallAndCount) {
  auto m = RenderGroupMessage(
      View({MakeAlert("HighErrorRate", "critical", "f1"), MakeAlert("Slow", "warning", "f2")}),
      Config());
  EXPECT_EQ(Text(m.blocks[0]),
            "*2 firing in payments (prod-eu)*\nTeam *Payments* · project payments-api · "
            "on-call <@U024BE7LH>");
  EXPECT_EQ(m.text, "2 firing in payments (prod-eu) — Payments: HighErrorRate, Slow");
  EXPECT_EQ(m.content_hash.size(), 64u);
}

TEST(GroupMessageTest, UnownedHeader) {
  auto m = RenderGroupMessage(View({MakeAlert("A", "critical", "f1")}, false), Config());
  EXPECT_EQ(Text(m.blocks[0]),
            "*1 firing in payments (prod-eu)*\n:warning: unowned — no team owns this namespace");
}

TEST(GroupMessageTest, OneLinePerAlertNameWithEverything) {
  Alert a = MakeAlert("HighErrorRate", "critical", "f1", 14);
  a.annotations = {{"summary", "Error rate above 5% on checkout"},
                   {"runbook_url", "https://runbooks.example.com/errors"}};
  a.links = {{"dashboard", "https://grafana.example.com/d/1"}};
  a.generator_url = "https://prometheus.example.com/graph?g0.expr=x&g0.tab=1";
  a.acked_by = "mina.kim";
  a.acked_at_ms = kNow - kMinute;
  a.silenced_by = "mina.kim";
  a.silenced_until_ms = kNow + 3 * 60 * kMinute;
  Alert b = a;
  b.fingerprint = "f2";
  b.starts_at_ms = kNow - 5 * kMinute;
  Alert c = a;
  c.fingerprint = "f3";
  auto m = RenderGroupMessage(View({a, b, c}), Config());
  ASSERT_GE(m.blocks.size(), 3u);
  EXPECT_EQ(Text(m.blocks[1]),
            ":red_circle: *HighErrorRate* — Error rate above 5% on checkout\n"
            "since 02:58 UTC (14 min) · ×3 instances · "
            "<https://runbooks.example.com/errors|runbook> · "
            "<https://grafana.example.com/d/1|dashboard> · "
            "<https://prometheus.example.com/graph?g0.expr=x&amp;g0.tab=1|source>\n"
            "acked by mina.kim · silenced until 06:12 UTC");
  const json& actions = m.blocks[2];
  ASSERT_EQ(actions["type"], "actions");
  std::vector<std::string> ids;
  for (const auto& e : actions["elements"]) {
    ids.push_back(e["action_id"]);
    EXPECT_EQ(e["value"], "prod-eu/payments|HighErrorRate");
  }
  // Everything acknowledged: no Ack button; silenced: Unsilence offered.
  EXPECT_EQ(ids, (std::vector<std::string>{"silence_1h", "silence_4h", "unsilence"}));
}

TEST(GroupMessageTest, PartialAckAndAckButton) {
  Alert a = MakeAlert("Slow", "warning", "f1");
  a.acked_by = "slack:U024BE7LH";
  a.acked_at_ms = kNow;
  auto m = RenderGroupMessage(View({a, MakeAlert("Slow", "warning", "f2")}), Config());
  EXPECT_NE(Text(m.blocks[1]).find("acked by <@U024BE7LH> (1 of 2)"), std::string::npos)
      << Text(m.blocks[1]);
  EXPECT_EQ(m.blocks[2]["elements"][0]["action_id"], "ack");
  EXPECT_EQ(m.blocks[2]["elements"].size(), 3u);
}

TEST(GroupMessageTest, FiringFirstBySeverityThenResolved) {
  std::vector<Alert> alerts = {
      Resolved(MakeAlert("WasBad", "critical", "f0"), 5),
      MakeAlert("Info", "info", "f1"),
      MakeAlert("Other", "page", "f2"),
      MakeAlert("Warn", "warning", "f3"),
      MakeAlert("Crit", "critical", "f4"),
      MakeAlert("Err", "error", "f5"),
  };
  auto m = RenderGroupMessage(View(alerts), Config());
  std::vector<std::string> texts = SectionTexts(m);
  ASSERT_EQ(texts.size(), 7u);
  std::vector<std::string> order;
  for (size_t i = 1; i < texts.size(); ++i) {
    size_t start = texts[i].find('*') + 1;
    order.push_back(texts[i].substr(start, texts[i].find('*', start) - start));
  }
  EXPECT_EQ(order, (std::vector<std::string>{"Crit", "Err", "Warn", "Info", "Other", "WasBad"}));
  EXPECT_EQ(texts[6], ":white_check_mark: *WasBad*\nresolved 5 min ago");
  EXPECT_EQ(m.blocks.back()["type"], "section");  // resolved lines have no buttons
  EXPECT_EQ(Text(m.blocks[0]).rfind("*5 firing in", 0), 0u);
}

TEST(GroupMessageTest, AllResolved) {
  auto m = RenderGroupMessage(View({Resolved(MakeAlert("A", "critical", "f1"), 2)}), Config());
  EXPECT_EQ(Text(m.blocks[0]).rfind("*All resolved in payments (prod-eu)*", 0), 0u);
  EXPECT_EQ(m.blocks.size(), 2u);
}

TEST(GroupMessageTest, CapAddsMoreWithALinkToTheGroup) {
  std::vector<Alert> alerts;
  for (int i = 0; i < 8; ++i) {
    alerts.push_back(MakeAlert("Alert" + std::to_string(i), "warning", "f" + std::to_string(i), i));
  }
  AlertsConfig c = Config();
  c.message_cap = 3;
  auto m = RenderGroupMessage(View(alerts), c);
  EXPECT_EQ(m.blocks.size(), 1u + 3 * 2 + 1);
  EXPECT_EQ(Text(m.blocks.back()),
            "+5 more — <https://paved.example.com/alerts/groups/prod-eu/payments|see every alert "
            "in Paved>");
  c.public_url = "";
  EXPECT_EQ(Text(RenderGroupMessage(View(alerts), c).blocks.back()), "+5 more");
}

TEST(GroupMessageTest, ContextListsRecentChanges) {
  GroupView v = View({MakeAlert("A", "critical", "f1")});
  v.changes = {{.at_ms = kNow - 12 * kMinute,
                .kind = "deploy",
                .actor = "mina.kim",
                .environment = "production",
                .cluster = "prod-eu",
                .text = "sha256:ab12 → sha256:cd34"},
               {.at_ms = kNow - 60 * kMinute,
                .kind = "config",
                .actor = "lee",
                .text = "config set web: LOG_LEVEL"}};
  auto m = RenderGroupMessage(v, Config());
  const json& ctx = m.blocks.back();
  ASSERT_EQ(ctx["type"], "context");
  EXPECT_EQ(ctx["elements"][0]["text"],
            "Changes in the last 3 h:\n• deployed 12 min ago by mina.kim: sha256:ab12 → "
            "sha256:cd34\n• config changed 1 h ago by lee: config set web: LOG_LEVEL");
}

TEST(GroupMessageTest, EscapesUserText) {
  Alert a = MakeAlert("Bad<Name>", "critical", "f1");
  a.annotations = {{"summary", "<!channel> & friends"}};
  GroupView v = View({a});
  v.ns = "ns<x>";
  auto m = RenderGroupMessage(v, Config());
  std::string all = m.text + m.blocks.dump();
  EXPECT_EQ(all.find("<!channel>"), std::string::npos);
  EXPECT_NE(Text(m.blocks[1]).find("*Bad&lt;Name&gt;* — &lt;!channel&gt; &amp; friends"),
            std::string::npos)
      << Text(m.blocks[1]);
  EXPECT_NE(Text(m.blocks[0]).find("ns&lt;x&gt;"), std::string::npos);
}

TEST(GroupMessageTest, DeterministicAndHashFollowsContent) {
  std::vector<Alert> alerts = {MakeAlert("B", "warning", "f2"),
                               MakeAlert("A", "warning", "f1", 10)};
  std::vector<Alert> reversed(alerts.rbegin(), alerts.rend());
  auto m1 = RenderGroupMessage(View(alerts), Config());
  auto m2 = RenderGroupMessage(View(reversed), Config());
  EXPECT_EQ(m1.content_hash, m2.content_hash);
  EXPECT_EQ(m1.blocks, m2.blocks);
  GroupView later = View(alerts);
  later.now_ms += 5 * kMinute;
  EXPECT_NE(RenderGroupMessage(later, Config()).content_hash, m1.content_hash);
}

TEST(GroupMessageTest, SlackLimitsHoldWithTwoHundredAlerts) {
  std::vector<Alert> alerts;
  std::string long_text(5000, 'x');
  for (int i = 0; i < 200; ++i) {
    Alert a = MakeAlert("Alert" + std::to_string(i) + std::string(300, 'n'),
                        i % 2 ? "critical" : "warning", "f" + std::to_string(i), i);
    a.annotations = {{"summary", long_text}, {"runbook_url", "https://r.example/" + long_text}};
    a.generator_url = "https://g.example/" + long_text;
    alerts.push_back(a);
  }
  AlertsConfig c = Config();
  c.message_cap = 100;
  GroupView v = View(alerts);
  v.group_key = std::string(1900, 'k');
  for (int i = 0; i < 30; ++i) {
    v.changes.push_back({.at_ms = kNow, .kind = "deploy", .actor = "a", .text = long_text});
  }
  auto m = RenderGroupMessage(v, c);
  EXPECT_LE(m.blocks.size(), 50u);
  for (const auto& b : m.blocks) {
    if (b["type"] == "section") {
      EXPECT_LE(Text(b).size(), 3000u);
    }
    if (b["type"] == "context") {
      EXPECT_LE(b["elements"][0]["text"].get<std::string>().size(), 3000u);
    }
    if (b["type"] == "actions") {
      for (const auto& e : b["elements"]) EXPECT_LE(e["value"].get<std::string>().size(), 2000u);
    }
  }
  EXPECT_EQ(m.blocks.back()["type"], "context");
  std::string more = Text(m.blocks[m.blocks.size() - 2]);
  EXPECT_EQ(more.rfind("+", 0), 0u) << more;
  EXPECT_LE(m.text.size(), 3000u);
}

}  // namespace
}  // namespace paved::alerts
