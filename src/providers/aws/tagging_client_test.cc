#include "providers/aws/tagging_client.h"

#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "providers/aws/testing/fake_tagging_server.h"
#include "spdlog/sinks/ostream_sink.h"
#include "spdlog/spdlog.h"
#include "tests/support/status_assertions.h"

namespace paved::aws {
namespace {

using testing::FakeTaggingServer;

const Credentials kCreds{.access_key_id = "AKIDPAVEDTEST",
                         .secret_access_key = "s3cr3t/Key+ThatMustNeverBeLogged",
                         .session_token = "SessionTokenThatMustNeverBeLogged=="};

class TaggingClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(server_.Start());
    client_ = MakeClient(kCreds);
  }
  std::unique_ptr<TaggingClient> MakeClient(const Credentials& creds) {
    return std::make_unique<TaggingClient>(http_.get(), &clock_,
                                           TaggingOptions{.endpoint = server_.endpoint(),
                                                          .credentials = creds,
                                                          .timeout = std::chrono::seconds(10),
                                                          .max_attempts = 3,
                                                          .retry_backoff_ms = 1,
                                                          .resources_per_page = 100});
  }
  std::vector<FakeTaggingServer::Call> CallsOf(const std::string& op) {
    std::vector<FakeTaggingServer::Call> out;
    for (const auto& c : server_.calls()) {
      if (c.operation == op) out.push_back(c);
    }
    return out;
  }

  FakeClock clock_;
  std::unique_ptr<http::Client> http_ = http::NewCurlClient();
  FakeTaggingServer server_{kCreds};
  std::unique_ptr<TaggingClient> client_;
};

TEST_F(TaggingClientTest, GetResourcesFollowsPaginationAcrossThreePages) {
  for (int i = 0; i < 7; ++i) {
    server_.AddResource("ap-northeast-2", absl::StrCat("arn:aws:s3:::bucket-", i),
                        {{"team", "chat"}, {"n", absl::StrCat(i)}});
  }
  server_.AddResource("us-east-1", "arn:aws:s3:::elsewhere", {});
  server_.SetPageSize(3);
  auto got = client_->GetResources("ap-northeast-2");
  ASSERT_OK(got);
  ASSERT_EQ(got->size(), 7u);
  EXPECT_EQ((*got)[0].arn, "arn:aws:s3:::bucket-0");
  EXPECT_EQ((*got)[6].tags.at("n"), "6");
  EXPECT_EQ((*got)[6].tags.at("team"), "chat");
  auto calls = CallsOf("GetResources");
  ASSERT_EQ(calls.size(), 3u);  // 3 + 3 + 1
  EXPECT_FALSE(calls[0].body.contains("PaginationToken"));
  EXPECT_EQ(calls[1].body["PaginationToken"], "page-3");
  EXPECT_EQ(calls[2].body["PaginationToken"], "page-6");
  for (const auto& c : calls) EXPECT_EQ(c.region, "ap-northeast-2");
  EXPECT_EQ(server_.rejected_signatures(), 0);
}

TEST_F(TaggingClientTest, TagResourcesSplits45ArnsInto20And20And5) {
  std::vector<std::string> arns;
  for (int i = 0; i < 45; ++i) {
    arns.push_back(absl::StrCat("arn:aws:sqs:us-east-1:123456789012:queue-", i));
    server_.AddResource("us-east-1", arns.back(), {});
  }
  server_.FailTagging(arns[30], "InternalServiceException", "try later");
  auto failed = client_->TagResources("us-east-1", arns, {{"team", "chat"}, {"project", "gw"}});
  ASSERT_OK(failed);
  auto calls = CallsOf("TagResources");
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].body["ResourceARNList"].size(), 20u);
  EXPECT_EQ(calls[1].body["ResourceARNList"].size(), 20u);
  EXPECT_EQ(calls[2].body["ResourceARNList"].size(), 5u);
  EXPECT_EQ(calls[0].body["Tags"]["team"], "chat");
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_EQ(failed->at(arns[30]).error_code, "InternalServiceException");
  EXPECT_EQ(server_.TagsOf("us-east-1", arns[44]).at("project"), "gw");
  EXPECT_TRUE(server_.TagsOf("us-east-1", arns[30]).empty());
}

TEST_F(TaggingClientTest, UntagResourcesRemovesKeys) {
  std::vector<std::string> arns;
  for (int i = 0; i < 21; ++i) {
    arns.push_back(absl::StrCat("arn:aws:sqs:us-east-1:123456789012:q-", i));
    server_.AddResource("us-east-1", arns.back(), {{"team", "chat"}, {"env", "prod"}});
  }
  auto failed = client_->UntagResources("us-east-1", arns, {"team", "project"});
  ASSERT_OK(failed);
  EXPECT_TRUE(failed->empty());
  auto calls = CallsOf("UntagResources");
  ASSERT_EQ(calls.size(), 2u);  // 20 + 1
  EXPECT_EQ(calls[0].body["TagKeys"], nlohmann::json({"team", "project"}));
  auto left = server_.TagsOf("us-east-1", arns[20]);
  EXPECT_EQ(left.count("team"), 0u);
  EXPECT_EQ(left["env"], "prod");
}

TEST_F(TaggingClientTest, ThrottlingIsRetriedThenSucceeds) {
  server_.AddResource("us-east-1", "arn:aws:s3:::a", {});
  server_.FailNext(400, "ThrottlingException", "Rate exceeded", 2);
  auto got = client_->GetResources("us-east-1");
  ASSERT_OK(got);
  EXPECT_EQ(got->size(), 1u);
  EXPECT_EQ(server_.calls().size(), 3u);
}

TEST_F(TaggingClientTest, ErrorsKeepTheAwsCodeAndMapToStatusCodes) {
  server_.FailNext(400, "ThrottlingException", "Rate exceeded", 3);
  auto throttled = client_->GetResources("us-east-1");
  EXPECT_CODE(throttled, kUnavailable);
  EXPECT_EQ(AwsErrorCode(throttled.status()), "ThrottlingException");
  EXPECT_TRUE(IsRetryable(throttled.status()));
  EXPECT_NE(throttled.status().message().find("Rate exceeded"), absl::string_view::npos);

  server_.FailNext(400, "AccessDeniedException", "not allowed");
  auto denied = client_->GetResources("us-east-1");
  EXPECT_CODE(denied, kPermissionDenied);
  EXPECT_EQ(AwsErrorCode(denied.status()), "AccessDeniedException");
  EXPECT_FALSE(IsRetryable(denied.status()));

  server_.FailNext(500, "InternalServiceException", "boom", 3);
  EXPECT_CODE(client_->GetResources("us-east-1"), kUnavailable);

  server_.FailNext(400, "InvalidParameterException", "bad");
  EXPECT_CODE(client_->TagResources("us-east-1", {"arn:aws:s3:::a"}, {{"team", "x"}}),
              kInvalidArgument);
}

TEST_F(TaggingClientTest, ServerRejectsAWrongSecretAndNoSecretLeaks) {
  std::ostringstream logs;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(logs);
  spdlog::default_logger()->sinks().push_back(sink);
  Credentials wrong = kCreds;
  wrong.secret_access_key = "WrongSecretThatMustNeverBeLogged";
  auto bad = MakeClient(wrong);
  auto got = bad->GetResources("us-east-1");
  server_.FailNext(503, "ServiceUnavailable", "later", 3);  // also exercises retry logging
  auto unavailable = client_->GetResources("us-east-1");
  spdlog::default_logger()->sinks().pop_back();

  EXPECT_CODE(got, kPermissionDenied);
  EXPECT_EQ(AwsErrorCode(got.status()), "InvalidSignatureException");
  EXPECT_EQ(server_.rejected_signatures(), 1);
  EXPECT_CODE(unavailable, kUnavailable);
  EXPECT_FALSE(logs.str().empty());  // the retries were logged
  for (const std::string& text : {std::string(got.status().ToString()),
                                  std::string(unavailable.status().ToString()), logs.str()}) {
    for (const std::string& secret :
         {wrong.secret_access_key, kCreds.secret_access_key, kCreds.session_token}) {
      EXPECT_EQ(text.find(secret), std::string::npos) << text;
    }
  }
}

TEST_F(TaggingClientTest, SessionTokenIsSentAndSigned) {
  Credentials no_token = kCreds;
  no_token.session_token = "";
  EXPECT_CODE(MakeClient(no_token)->GetResources("us-east-1"), kPermissionDenied);
  EXPECT_OK(client_->GetResources("us-east-1"));
}

TEST(EndpointUrlTest, ReplacesRegionAndAddsPath) {
  EXPECT_EQ(EndpointUrl("https://tagging.{region}.amazonaws.com", "eu-west-1"),
            "https://tagging.eu-west-1.amazonaws.com/");
  EXPECT_EQ(EndpointUrl("http://127.0.0.1:9/x", "eu-west-1"), "http://127.0.0.1:9/x");
}

}  // namespace
}  // namespace paved::aws
