#include "alerts/routes/slack_interactions.h"

#include <openssl/hmac.h>

#include "absl/strings/escaping.h"
#include "alerts/routes/testing/alert_routes_fixture.h"
#include "gmock/gmock.h"
#include "http/client.h"

namespace paved::alerts {
namespace {

using json = nlohmann::json;
using testing::AlertRoutesFixture;
using ::testing::ElementsAre;
using testing::EngineParamName;

constexpr char kPath[] = "/api/v1/slack/interactions";

// Slack's v0 signature, computed independently of the code under test.
std::string Sign(const std::string& secret, const std::string& timestamp, const std::string& body) {
  std::string base = "v0:" + timestamp + ":" + body;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(base.data()), base.size(), digest, &len);
  return "v0=" +
         absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), len));
}

json BlockActions(const std::string& action_id, const std::string& value) {
  return {{"type", "block_actions"},
          {"user", {{"id", "U123"}, {"username", "mina"}, {"name", "mina"}}},
          {"actions",
           {{{"action_id", action_id}, {"block_id", "b1"}, {"value", value}, {"type", "button"}}}}};
}

class SlackInteractionsTest : public AlertRoutesFixture {
 protected:
  // POSTs `payload` form-encoded, signed with `secret` at `timestamp_s` (now when 0).
  http::Response Send(const json& payload, const std::string& secret = kSigningSecret,
                      int64_t timestamp_s = 0) {
    std::string body = "payload=" + http::UrlEncode(payload.dump());
    std::string ts = std::to_string(timestamp_s ? timestamp_s : clock_.NowMs() / 1000);
    return Raw("POST", kPath, nullptr, body,
               {{"Content-Type", "application/x-www-form-urlencoded"},
                {"X-Slack-Request-Timestamp", ts},
                {"X-Slack-Signature", Sign(secret, ts, body)}});
  }
  Alert Load(const std::string& fp) {
    auto a = alerts_->Get(fp);
    EXPECT_TRUE(a.ok() && a->has_value()) << fp;
    return a.ok() && a->has_value() ? **a : Alert{};
  }
};

TEST_P(SlackInteractionsTest, AckAppliesToEveryFiringAlertOfTheNameInTheGroup) {
  IngestStandardSet();
  http::Response r = Send(BlockActions("ack", "kr1/chat-gateway|DiskFilling"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(Load("00000000000000a1").acked_by, "slack:mina");
  EXPECT_EQ(Load("00000000000000a2").acked_by, "slack:mina");
  EXPECT_FALSE(Load("00000000000000a3").acknowledged());  // another alert name

  std::vector<audit::Event> events = AuditEvents();
  ASSERT_EQ(events.size(), 2u);
  for (const auto& e : events) {
    EXPECT_EQ(e.actor, "slack:mina");
    EXPECT_EQ(e.action, "alert.ack");
    EXPECT_EQ(e.summary["group"], "kr1/chat-gateway");
    EXPECT_EQ(e.summary["alertname"], "DiskFilling");
  }
  EXPECT_THAT(changed_, ElementsAre("kr1/chat-gateway"));

  // Pressing again changes nothing: both are acknowledged already.
  ASSERT_EQ(Send(BlockActions("ack", "kr1/chat-gateway|DiskFilling")).status, 200);
  EXPECT_EQ(AuditEvents().size(), 2u);
}

TEST_P(SlackInteractionsTest, SilenceButtonsSilenceForTheirDurationAndUnsilenceEnds) {
  IngestStandardSet();
  ASSERT_EQ(Send(BlockActions("silence_4h", "kr1/ads-web|PodCrashLooping")).status, 200);
  Alert a = Load("00000000000000b1");
  EXPECT_EQ(a.silenced_by, "slack:mina");
  EXPECT_EQ(a.silenced_until_ms, clock_.NowMs() + 4 * 3600 * 1000);
  ASSERT_EQ(Send(BlockActions("silence_1h", "kr1/kube-system|NodeNotReady")).status, 200);
  EXPECT_EQ(Load("00000000000000c1").silenced_until_ms, clock_.NowMs() + 3600 * 1000);

  ASSERT_EQ(Send(BlockActions("unsilence", "kr1/ads-web|PodCrashLooping")).status, 200);
  EXPECT_FALSE(Load("00000000000000b1").silenced(clock_.NowMs()));
  std::vector<audit::Event> events = AuditEvents();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].action, "alert.unsilence");
  EXPECT_EQ(events[2].action, "alert.silence");
  EXPECT_EQ(events[2].summary["until"], FormatTimeMs(clock_.NowMs() + 4 * 3600 * 1000));
}

TEST_P(SlackInteractionsTest, UnsignedStaleOrUnconfiguredRequestsAre401) {
  IngestStandardSet();
  json payload = BlockActions("ack", "kr1/chat-gateway|DiskFilling");
  EXPECT_EQ(Send(payload, "wrong-secret").status, 401);
  EXPECT_EQ(Send(payload, kSigningSecret, clock_.NowMs() / 1000 - 10 * 60).status, 401);
  EXPECT_EQ(Raw("POST", kPath, nullptr, "payload=" + http::UrlEncode(payload.dump())).status, 401);
  config_.slack_signing_secret = "";
  EXPECT_EQ(Send(payload, "").status, 401);
  EXPECT_TRUE(AuditEvents().empty());
  EXPECT_FALSE(Load("00000000000000a1").acknowledged());
}

TEST_P(SlackInteractionsTest, OtherPayloadsAndActionsAreIgnored) {
  IngestStandardSet();
  EXPECT_EQ(Send({{"type", "view_submission"}}).status, 200);
  EXPECT_EQ(Send(BlockActions("open_dashboard", "kr1/chat-gateway|DiskFilling")).status, 200);
  EXPECT_EQ(Send(BlockActions("ack", "no-separator")).status, 200);
  EXPECT_EQ(Send({{"type", "block_actions"}, {"actions", "nope"}, {"user", 7}}).status, 200);
  EXPECT_TRUE(AuditEvents().empty());
  // A signed body without a payload is a client error, not a crash.
  std::string ts = std::to_string(clock_.NowMs() / 1000);
  http::Response r = Raw("POST", kPath, nullptr, "token=x",
                         {{"X-Slack-Request-Timestamp", ts},
                          {"X-Slack-Signature", Sign(kSigningSecret, ts, "token=x")}});
  EXPECT_EQ(r.status, 422);
}

INSTANTIATE_TEST_SUITE_P(Engines, SlackInteractionsTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::alerts
