#include <chrono>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "http/client.h"
#include "providers/slack/slack_client.h"
#include "providers/slack/testing/fake_slack_server.h"
#include "tests/support/status_assertions.h"

namespace paved::slack {
namespace {

class SlackClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(server_.Start());
    alerts_id_ = server_.AddChannel("alerts");
    http_ = http::NewCurlClient({.use_env_proxy = false});
    client_ = NewClient("xoxb-test-token");
  }

  std::unique_ptr<Client> NewClient(const std::string& token,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return NewWebApiClient({.api_url = server_.api_url(), .bot_token = token, .timeout = timeout},
                           http_.get());
  }

  static Message Text(const std::string& channel, const std::string& text) {
    Message m;
    m.channel = channel;
    m.text = text;
    return m;
  }

  testing::FakeSlackServer server_;
  std::string alerts_id_;
  std::unique_ptr<http::Client> http_;
  std::unique_ptr<Client> client_;
};

TEST_F(SlackClientTest, PostsWithMetadataAndFindsItInHistory) {
  Message m = Text("#alerts", "2 alerts firing");
  m.blocks = {{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", "*hi*"}}}}};
  m.metadata_type = "paved_alert_group";
  m.metadata_payload = {{"group", "prod/payments"}};
  auto posted = client_->PostMessage(m);
  ASSERT_OK(posted);
  EXPECT_EQ(posted->channel, alerts_id_);
  EXPECT_EQ(posted->ts.size(), 17u);  // "1700000000.000100"

  auto stored = server_.Messages("#alerts");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].metadata_payload["group"], "prod/payments");
  EXPECT_EQ(stored[0].blocks.size(), 1u);

  auto call = server_.calls().back();
  EXPECT_EQ(call.method, "chat.postMessage");
  EXPECT_EQ(call.body["metadata"]["event_type"], "paved_alert_group");

  auto found = client_->FindByMetadata("#alerts", "", "", "paved_alert_group");
  ASSERT_OK(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].ts, posted->ts);
  EXPECT_EQ((*found)[0].metadata_payload["group"], "prod/payments");
  auto other = client_->FindByMetadata(alerts_id_, "", "", "something_else");
  ASSERT_OK(other);
  EXPECT_TRUE(other->empty());
  // Messages not newer than `oldest` are not returned.
  auto newer = client_->FindByMetadata(alerts_id_, "", posted->ts, "paved_alert_group");
  ASSERT_OK(newer);
  EXPECT_TRUE(newer->empty());
}

TEST_F(SlackClientTest, UpdatesInPlaceAndRepliesInThread) {
  auto posted = client_->PostMessage(Text("alerts", "v1"));
  ASSERT_OK(posted);
  ASSERT_OK(client_->Update("#alerts", posted->ts, Text("#alerts", "v2")));
  Message reply = Text("#alerts", "DiskFull joined");
  reply.thread_ts = posted->ts;
  reply.metadata_type = "paved_alert_change";
  reply.metadata_payload = {{"seqs", {1, 2}}};
  ASSERT_OK(client_->PostMessage(reply));

  auto top = server_.Messages("#alerts");
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].text, "v2");
  EXPECT_EQ(top[0].edits, 1);
  EXPECT_EQ(server_.Replies("#alerts", posted->ts).size(), 1u);

  auto found = client_->FindByMetadata("#alerts", posted->ts, "", "paved_alert_change");
  ASSERT_OK(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].metadata_payload["seqs"], nlohmann::json({1, 2}));
}

TEST_F(SlackClientTest, SlackErrorsAreFailedPreconditionNamingTheCode) {
  auto missing = client_->PostMessage(Text("#nope", "x"));
  EXPECT_CODE(missing, kFailedPrecondition);
  EXPECT_EQ(SlackErrorCode(missing.status()), "channel_not_found");
  EXPECT_NE(missing.status().message().find("channel_not_found"), std::string::npos);

  EXPECT_EQ(SlackErrorCode(client_->PostMessage(Text("#alerts", "")).status()), "no_text");
  EXPECT_EQ(SlackErrorCode(client_->Update(alerts_id_, "1.000001", Text("#alerts", "x")).status()),
            "message_not_found");
  auto bad_token = NewClient("xoxb-wrong")->PostMessage(Text("#alerts", "x"));
  EXPECT_CODE(bad_token, kFailedPrecondition);
  EXPECT_EQ(SlackErrorCode(bad_token.status()), "invalid_auth");
  EXPECT_TRUE(server_.Messages("#alerts").empty());
}

TEST_F(SlackClientTest, Http429IsResourceExhaustedWithRetryAfter) {
  server_.FailNextWith429(1, 7);
  auto limited = client_->PostMessage(Text("#alerts", "x"));
  EXPECT_CODE(limited, kResourceExhausted);
  EXPECT_EQ(RetryAfterMs(limited.status()), 7000);
  EXPECT_TRUE(server_.Messages("#alerts").empty());
  EXPECT_OK(client_->PostMessage(Text("#alerts", "x")));
}

TEST_F(SlackClientTest, RatelimitedAnswerIsTreatedAs429) {
  server_.FailNextWithError(1, "ratelimited");
  auto limited = client_->PostMessage(Text("#alerts", "x"));
  EXPECT_CODE(limited, kResourceExhausted);
  EXPECT_TRUE(RetryAfterMs(limited.status()).has_value());
}

TEST_F(SlackClientTest, ServerErrorsAndTimeoutsAreUnavailable) {
  server_.FailNextWith500(1);
  EXPECT_CODE(client_->PostMessage(Text("#alerts", "x")), kUnavailable);
  EXPECT_FALSE(RetryAfterMs(absl::UnavailableError("x")).has_value());

  server_.HangNext(std::chrono::milliseconds(1500), /*apply=*/true);
  auto slow = NewClient("xoxb-test-token", std::chrono::milliseconds(200));
  EXPECT_CODE(slow->PostMessage(Text("#alerts", "lost answer")), kUnavailable);
  // The post took effect although its answer was lost.
  EXPECT_EQ(server_.Messages("#alerts").size(), 1u);

  auto refused =
      NewWebApiClient({.api_url = "http://127.0.0.1:1/api", .bot_token = "x"}, http_.get());
  EXPECT_CODE(refused->PostMessage(Text("#alerts", "x")), kUnavailable);
}

TEST_F(SlackClientTest, IncomingWebhookPostsAndMapsErrors) {
  ASSERT_OK(PostToIncomingWebhook(http_.get(), server_.webhook_url(), Text("", "hello")));
  ASSERT_EQ(server_.WebhookPosts().size(), 1u);
  EXPECT_EQ(server_.WebhookPosts()[0]["text"], "hello");

  absl::Status empty = PostToIncomingWebhook(http_.get(), server_.webhook_url(), Text("", ""));
  EXPECT_CODE(empty, kFailedPrecondition);
  EXPECT_EQ(SlackErrorCode(empty), "no_text");

  server_.FailNextWith429(1, 3);
  absl::Status limited = PostToIncomingWebhook(http_.get(), server_.webhook_url(), Text("", "x"));
  EXPECT_CODE(limited, kResourceExhausted);
  EXPECT_EQ(RetryAfterMs(limited), 3000);
  server_.FailNextWith500(1);
  EXPECT_CODE(PostToIncomingWebhook(http_.get(), server_.webhook_url(), Text("", "x")),
              kUnavailable);
}

}  // namespace
}  // namespace paved::slack
