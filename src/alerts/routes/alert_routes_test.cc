#include "alerts/routes/alert_routes.h"

#include <set>

#include "alerts/routes/testing/alert_routes_fixture.h"
#include "gmock/gmock.h"

namespace paved::alerts {
namespace {

using json = nlohmann::json;
using testing::AlertRoutesFixture;
using ::testing::ElementsAre;
using testing::EngineParamName;
using ::testing::HasSubstr;

constexpr char kAlerts[] = "/api/v1/alerts";
constexpr int64_t kHourMs = 3600 * 1000;

class AlertRoutesTest : public AlertRoutesFixture {
 protected:
  std::vector<std::string> Fingerprints(const json& list) {
    std::vector<std::string> out;
    for (const auto& item : list["items"]) out.push_back(item["fingerprint"]);
    std::sort(out.begin(), out.end());
    return out;
  }
  Reply Post(const std::string& fp, const std::string& action, const http::Caller& who,
             const json& body = json::object()) {
    return Call("POST", std::string(kAlerts) + "/" + fp + "/" + action, who, body.dump());
  }
};

TEST_P(AlertRoutesTest, ListFiltersByNamespaceTeamStateAndSeverity) {
  IngestStandardSet();
  Reply all = Call("GET", kAlerts, Viewer());
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json["items"].size(), 5u);
  EXPECT_TRUE(all.json["next_cursor"].is_null());

  Reply chat = Call("GET", std::string(kAlerts) + "?namespace=chat-gateway&cluster=kr1", Viewer());
  ASSERT_EQ(chat.status, 200) << chat.body;
  EXPECT_THAT(Fingerprints(chat.json),
              ElementsAre("00000000000000a1", "00000000000000a2", "00000000000000a3"));
  EXPECT_EQ(chat.json["items"][0]["group"], "kr1/chat-gateway");
  EXPECT_EQ(chat.json["items"][0]["team"], "chat");

  EXPECT_THAT(Fingerprints(Call("GET", std::string(kAlerts) + "?team=ads", Viewer()).json),
              ElementsAre("00000000000000b1"));
  EXPECT_THAT(Fingerprints(Call("GET", std::string(kAlerts) + "?state=unowned", Viewer()).json),
              ElementsAre("00000000000000c1"));
  EXPECT_THAT(Fingerprints(Call("GET", std::string(kAlerts) + "?severity=warning", Viewer()).json),
              ElementsAre("00000000000000a3"));
  EXPECT_THAT(Fingerprints(Call("GET", std::string(kAlerts) + "?group=kr1/ads-web", Viewer()).json),
              ElementsAre("00000000000000b1"));

  Reply bad = Call("GET", std::string(kAlerts) + "?state=sleeping", Viewer());
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json["error"]["field"], "state");
  EXPECT_EQ(Call("GET", std::string(kAlerts) + "?limit=0", Viewer()).json["error"]["field"],
            "limit");
}

TEST_P(AlertRoutesTest, ListPagesWithTheCursor) {
  IngestStandardSet();
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    std::string target = std::string(kAlerts) + "?limit=2" + (cursor.empty() ? "" : "&cursor=");
    Reply page = Call("GET", target + cursor, Viewer());
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_LE(page.json["items"].size(), 2u);
    for (const auto& item : page.json["items"]) {
      EXPECT_TRUE(seen.insert(item["fingerprint"]).second) << "twice: " << item["fingerprint"];
    }
    cursor =
        page.json["next_cursor"].is_string() ? page.json["next_cursor"].get<std::string>() : "";
    ASSERT_LT(++pages, 10);
  } while (!cursor.empty());
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_GE(pages, 3);
}

TEST_P(AlertRoutesTest, SummaryCountsAndSortsGroupsByFiring) {
  IngestStandardSet();
  ASSERT_EQ(Post("00000000000000a1", "ack", Sre()).status, 200);
  Reply s = Call("GET", std::string(kAlerts) + "/summary", Viewer());
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.json["firing"], 5);
  EXPECT_EQ(s.json["acknowledged"], 1);
  EXPECT_EQ(s.json["unowned"], 1);
  for (const char* key : {"silenced", "resolved_last_day", "by_team", "by_severity"}) {
    EXPECT_TRUE(s.json.contains(key)) << key << " in " << s.body;
  }
  ASSERT_EQ(s.json["groups"].size(), 3u) << s.body;
  EXPECT_EQ(s.json["groups"][0], (json{{"group", "kr1/chat-gateway"},
                                       {"cluster", "kr1"},
                                       {"namespace", "chat-gateway"},
                                       {"team", "chat"},
                                       {"project", "chat-gateway"},
                                       {"firing", 3}}));
  EXPECT_EQ(s.json["groups"][1]["firing"], 1);
  EXPECT_EQ(s.json["groups"][2]["firing"], 1);
}

TEST_P(AlertRoutesTest, GetAnswersTheAlertWithItsEvents) {
  IngestStandardSet();
  Reply one = Call("GET", std::string(kAlerts) + "/00000000000000a1", Viewer());
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json["alertname"], "DiskFilling");
  EXPECT_EQ(one.json["labels"]["pod"], "00000000000000a1");
  ASSERT_FALSE(one.json["events"].empty()) << one.body;
  EXPECT_EQ(one.json["events"][0]["kind"], "firing");
  EXPECT_EQ(Call("GET", std::string(kAlerts) + "/ffffffffffffffff", Viewer()).status, 404);
}

TEST_P(AlertRoutesTest, OnlyTheOwnerTeamSreAndAdminAct) {
  IngestStandardSet();
  Reply other_team = Post("00000000000000a1", "ack", Developer("ads"));
  EXPECT_EQ(other_team.status, 403) << other_team.body;
  EXPECT_EQ(other_team.json["error"]["code"], "forbidden");
  EXPECT_EQ(Post("00000000000000c1", "ack", Developer("chat")).status, 403);  // unowned
  EXPECT_EQ(Post("00000000000000c1", "silence", Developer("chat"), {{"duration", "1h"}}).status,
            403);
  EXPECT_EQ(Post("00000000000000a1", "ack", Viewer()).status, 403);
  EXPECT_TRUE(AuditEvents().empty());  // refused changes leave no trace
  EXPECT_TRUE(changed_.empty());

  Reply mine = Post("00000000000000a1", "ack", Developer("chat"), {{"comment", "on it"}});
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json["acknowledged"]["by"], "dev-chat");
  Reply sre = Post("00000000000000c1", "ack", Sre());
  ASSERT_EQ(sre.status, 200) << sre.body;
  EXPECT_EQ(sre.json["acknowledged"]["by"], "sre");
  EXPECT_EQ(Post("ffffffffffffffff", "ack", Sre()).status, 404);

  std::vector<audit::Event> events = AuditEvents();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].actor, "dev-chat");
  EXPECT_EQ(events[1].action, "alert.ack");
  EXPECT_EQ(events[1].subject, "alert:00000000000000a1");
  EXPECT_EQ(
      events[1].summary,
      (json{{"group", "kr1/chat-gateway"}, {"alertname", "DiskFilling"}, {"comment", "on it"}}));
  EXPECT_EQ(events[0].subject, "alert:00000000000000c1");
  EXPECT_THAT(changed_, ElementsAre("kr1/chat-gateway", "kr1/kube-system"));

  Reply again = Call("GET", std::string(kAlerts) + "/00000000000000a1", Viewer());
  bool acked_event = false;
  for (const auto& e : again.json["events"]) acked_event |= e["kind"] == "acknowledged";
  EXPECT_TRUE(acked_event) << again.body;
}

TEST_P(AlertRoutesTest, SilenceTakesADurationFromOneMinuteToThirtyDays) {
  IngestStandardSet();
  for (const char* bad : {"", "0s", "30s", "31d", "soon", "-1h"}) {
    Reply r = Post("00000000000000a1", "silence", Sre(), {{"duration", bad}});
    EXPECT_EQ(r.status, 422) << bad << " " << r.body;
    EXPECT_EQ(r.json["error"]["field"], "duration") << bad;
  }
  Reply missing = Post("00000000000000a1", "silence", Sre());
  EXPECT_EQ(missing.json["error"]["field"], "duration") << missing.body;
  EXPECT_EQ(Post("00000000000000a1", "silence", Sre(), {{"duration", 2}}).status, 422);
  EXPECT_TRUE(AuditEvents().empty());

  Reply ok = Post("00000000000000a1", "silence", Developer("chat"), {{"duration", "2h"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["silenced"]["by"], "dev-chat");
  EXPECT_EQ(ok.json["silenced"]["until"], FormatTimeMs(clock_.NowMs() + 2 * kHourMs));
  EXPECT_EQ(Post("00000000000000a2", "silence", Sre(), {{"duration", "30d"}}).status, 200);
  EXPECT_EQ(Post("00000000000000a3", "silence", Sre(), {{"duration", "1m"}}).status, 200);

  Reply silenced = Call("GET", std::string(kAlerts) + "?state=silenced", Viewer());
  EXPECT_EQ(silenced.json["items"].size(), 3u) << silenced.body;

  Reply un = Post("00000000000000a1", "unsilence", Developer("chat"));
  ASSERT_EQ(un.status, 200) << un.body;
  EXPECT_TRUE(un.json["silenced"].is_null());

  std::vector<audit::Event> events = AuditEvents();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].action, "alert.unsilence");
  EXPECT_EQ(events[3].action, "alert.silence");
  EXPECT_EQ(events[3].summary["until"], FormatTimeMs(clock_.NowMs() + 2 * kHourMs));
}

TEST_P(AlertRoutesTest, HistoryMergesTheProjectsDeploysOldestFirst) {
  const int64_t t0 = clock_.NowMs();
  Ingest({MakeAlert("00000000000000a1", "DiskFilling", "chat-gateway", "chat")});
  clock_.AdvanceMs(10 * 60'000);
  ASSERT_EQ(Post("00000000000000a1", "ack", Developer("chat")).status, 200);
  // Newest first, as recent_changes answers: one after the ack, one before the alert, one too old.
  changes_ = {{.at_ms = t0 + 5 * 60'000,
               .kind = "config",
               .actor = "lee",
               .environment = "production",
               .cluster = "kr1",
               .text = "config set web: LOG_LEVEL"},
              {.at_ms = t0 - 60'000,
               .kind = "deploy",
               .actor = "mina.kim",
               .environment = "production",
               .cluster = "kr1",
               .text = "sha256:ab12 → sha256:cd34"},
              {.at_ms = t0 - 3 * 24 * kHourMs, .kind = "deploy", .actor = "old", .text = "x"}};

  Reply h =
      Call("GET", std::string(kAlerts) + "/history?namespace=chat-gateway&cluster=kr1", Viewer());
  ASSERT_EQ(h.status, 200) << h.body;
  EXPECT_EQ(h.json["group"], "kr1/chat-gateway");
  EXPECT_EQ(h.json["owner"]["team"]["slug"], "chat");
  EXPECT_EQ(h.json["owner"]["project"], "chat-gateway");
  EXPECT_THAT(recent_calls_, ElementsAre("chat-gateway@kr1"));
  std::vector<std::string> kinds;
  for (const auto& item : h.json["items"]) kinds.push_back(item["kind"]);
  EXPECT_THAT(kinds, ElementsAre("deploy", "firing", "config", "acknowledged")) << h.body;
  EXPECT_EQ(h.json["items"][0]["actor"], "mina.kim");
  EXPECT_EQ(h.json["items"][0]["text"], "production: sha256:ab12 → sha256:cd34");
  EXPECT_EQ(h.json["items"][1]["alertname"], "DiskFilling");
  EXPECT_EQ(h.json["items"][1]["fingerprint"], "00000000000000a1");
  EXPECT_EQ(h.json["items"][3]["actor"], "dev-chat");

  // A window that ends before the ack.
  Reply early = Call("GET",
                     std::string(kAlerts) + "/history?namespace=chat-gateway&cluster=kr1&until=" +
                         std::to_string(t0 + 60'000),
                     Viewer());
  ASSERT_EQ(early.status, 200) << early.body;
  EXPECT_EQ(early.json["items"].size(), 2u) << early.body;
}

// Without a cluster the history covers the namespace on every cluster; `cluster=` with nothing
// asks for the group without a cluster label.
TEST_P(AlertRoutesTest, HistoryWithoutAClusterCoversEveryCluster) {
  Alert kr1 = MakeAlert("00000000000000a1", "DiskFilling", "chat-gateway", "chat");
  Alert us1 = MakeAlert("00000000000000a2", "HighLatency", "chat-gateway", "chat");
  us1.cluster = us1.labels["cluster"] = "us1";
  Ingest({kr1, us1});

  Reply all = Call("GET", std::string(kAlerts) + "/history?namespace=chat-gateway", Viewer());
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json["group"], "*/chat-gateway");
  EXPECT_EQ(all.json["groups"], json({"kr1/chat-gateway", "us1/chat-gateway"}));
  std::set<std::string> groups;
  for (const auto& item : all.json["items"]) groups.insert(item["group"].get<std::string>());
  EXPECT_EQ(groups, (std::set<std::string>{"kr1/chat-gateway", "us1/chat-gateway"}));
  EXPECT_THAT(recent_calls_, ElementsAre("chat-gateway@"));  // changes on any cluster

  Reply one =
      Call("GET", std::string(kAlerts) + "/history?namespace=chat-gateway&cluster=us1", Viewer());
  EXPECT_EQ(one.json["group"], "us1/chat-gateway");
  ASSERT_EQ(one.json["items"].size(), 1u);
  EXPECT_EQ(one.json["items"][0]["alertname"], "HighLatency");
  Reply none =
      Call("GET", std::string(kAlerts) + "/history?namespace=chat-gateway&cluster=", Viewer());
  EXPECT_EQ(none.json["group"], "/chat-gateway");
  EXPECT_TRUE(none.json["items"].empty());
}

// What the group's chat message says now and where it would go, without any chat configured.
TEST_P(AlertRoutesTest, MessagePreviewRendersTheGroupAndItsDestination) {
  config_.fallback_channel = "#platform-alerts";
  IngestStandardSet();
  Reply owned =
      Call("GET", std::string(kAlerts) + "/message?namespace=chat-gateway&cluster=kr1", Viewer());
  ASSERT_EQ(owned.status, 200) << owned.body;
  EXPECT_EQ(owned.json["group"], "kr1/chat-gateway");
  EXPECT_EQ(owned.json["chat"], "none");
  EXPECT_EQ(owned.json["destination"]["unowned"], false);
  EXPECT_THAT(owned.json["text"].get<std::string>(), HasSubstr("DiskFilling"));
  EXPECT_FALSE(owned.json["blocks"].empty());

  Reply unowned =
      Call("GET", std::string(kAlerts) + "/message?namespace=kube-system&cluster=kr1", Viewer());
  ASSERT_EQ(unowned.status, 200) << unowned.body;
  EXPECT_EQ(unowned.json["destination"]["channel"], "#platform-alerts");
  EXPECT_EQ(unowned.json["destination"]["unowned"], true);

  EXPECT_EQ(
      Call("GET", std::string(kAlerts) + "/message?namespace=quiet&cluster=kr1", Viewer()).status,
      404);
  EXPECT_EQ(Call("GET", std::string(kAlerts) + "/message", Viewer()).json["error"]["field"],
            "namespace");
}

TEST_P(AlertRoutesTest, HistoryOfAnUnownedNamespaceHasNoOwnerNorChanges) {
  IngestStandardSet();
  changes_ = {{.at_ms = clock_.NowMs() - 1000, .kind = "deploy", .actor = "x", .text = "y"}};
  Reply h =
      Call("GET", std::string(kAlerts) + "/history?namespace=kube-system&cluster=kr1", Viewer());
  ASSERT_EQ(h.status, 200) << h.body;
  EXPECT_TRUE(h.json["owner"].is_null());
  EXPECT_TRUE(recent_calls_.empty());
  ASSERT_EQ(h.json["items"].size(), 1u);
  EXPECT_EQ(h.json["items"][0]["kind"], "firing");

  EXPECT_EQ(Call("GET", std::string(kAlerts) + "/history", Viewer()).json["error"]["field"],
            "namespace");
  EXPECT_EQ(Call("GET", std::string(kAlerts) + "/history?namespace=x&since=yesterday", Viewer())
                .json["error"]["field"],
            "since");
}

// An alert without namespace and cluster labels is in group "/": its page asks for the history
// and the message with both parameters empty.
TEST_P(AlertRoutesTest, TheGroupWithoutNamespaceNorClusterHasAHistoryAndAMessage) {
  Alert bare = MakeAlert("00000000000000b1", "Watchdog", "", "");
  bare.labels.erase("namespace");
  bare.labels.erase("cluster");
  bare.cluster = "";
  Ingest({bare});

  Reply h = Call("GET", std::string(kAlerts) + "/history?namespace=&cluster=", Viewer());
  ASSERT_EQ(h.status, 200) << h.body;
  EXPECT_EQ(h.json["group"], "/");
  EXPECT_TRUE(h.json["owner"].is_null());
  ASSERT_EQ(h.json["items"].size(), 1u) << h.body;
  EXPECT_EQ(h.json["items"][0]["alertname"], "Watchdog");

  Reply m = Call("GET", std::string(kAlerts) + "/message?namespace=&cluster=", Viewer());
  ASSERT_EQ(m.status, 200) << m.body;
  EXPECT_EQ(m.json["group"], "/");
  EXPECT_THAT(m.json["text"].get<std::string>(), HasSubstr("Watchdog"));
}

TEST_P(AlertRoutesTest, StreamSendsAFrameAfterAChange) {
  IngestStandardSet();
  http::Caller viewer = Viewer();
  http::Response all = Raw("GET", std::string(kAlerts) + "/stream", &viewer);
  http::Response ads = Raw("GET", std::string(kAlerts) + "/stream?group=kr1/ads-web", &viewer);
  ASSERT_TRUE(all.stream && ads.stream);
  int wakes = 0;
  all.stream->Start([&] { ++wakes; });
  ads.stream->Start([] {});
  EXPECT_EQ(stream_->subscriber_count(), 2u);

  ASSERT_EQ(Post("00000000000000a1", "ack", Developer("chat")).status, 200);
  EXPECT_GE(wakes, 1);
  EXPECT_THAT(all.stream->Drain(),
              ElementsAre("event: alert\ndata: {\"group\":\"kr1/chat-gateway\",\"kind\":"
                          "\"changed\"}\n\n"));
  EXPECT_TRUE(ads.stream->Drain().empty());

  ASSERT_EQ(Post("00000000000000b1", "ack", Developer("ads")).status, 200);
  EXPECT_THAT(
      ads.stream->Drain(),
      ElementsAre("event: alert\ndata: {\"group\":\"kr1/ads-web\",\"kind\":\"changed\"}\n\n"));
  all.stream->Stop();
  ads.stream->Stop();
  EXPECT_EQ(stream_->subscriber_count(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Engines, AlertRoutesTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::alerts
