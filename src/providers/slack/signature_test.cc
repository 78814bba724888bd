#include <string>

#include "gtest/gtest.h"
#include "providers/slack/slack_client.h"

namespace paved::slack {
namespace {

// The worked example of Slack's "Verifying requests from Slack" page.
constexpr char kSecret[] = "8f742231b10e8888abcd99yyyzzz85a5";
constexpr char kTimestamp[] = "1531420618";
constexpr int64_t kTimestampSeconds = 1531420618;
constexpr char kBody[] =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmib"
    "IGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
constexpr char kSignature[] = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

TEST(SlackSignatureTest, ComputesSlacksDocumentedExample) {
  EXPECT_EQ(ComputeSignature(kSecret, kTimestamp, kBody), kSignature);
}

TEST(SlackSignatureTest, AcceptsTheDocumentedRequestWithinFiveMinutes) {
  EXPECT_TRUE(VerifySignature(kSecret, kTimestamp, kBody, kSignature, kTimestampSeconds).ok());
  EXPECT_TRUE(
      VerifySignature(kSecret, kTimestamp, kBody, kSignature, kTimestampSeconds + 300).ok());
}

TEST(SlackSignatureTest, RejectsAStaleOrFutureTimestamp) {
  absl::Status old =
      VerifySignature(kSecret, kTimestamp, kBody, kSignature, kTimestampSeconds + 301);
  EXPECT_EQ(old.code(), absl::StatusCode::kUnauthenticated);
  absl::Status future =
      VerifySignature(kSecret, kTimestamp, kBody, kSignature, kTimestampSeconds - 301);
  EXPECT_EQ(future.code(), absl::StatusCode::kUnauthenticated);
}

TEST(SlackSignatureTest, RejectsAChangedBodySecretOrSignature) {
  std::string body = std::string(kBody) + "&x=1";
  EXPECT_EQ(VerifySignature(kSecret, kTimestamp, body, kSignature, kTimestampSeconds).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifySignature("other", kTimestamp, kBody, kSignature, kTimestampSeconds).code(),
            absl::StatusCode::kUnauthenticated);
  std::string truncated(kSignature, sizeof(kSignature) - 2);
  EXPECT_EQ(VerifySignature(kSecret, kTimestamp, kBody, truncated, kTimestampSeconds).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifySignature(kSecret, "", kBody, kSignature, kTimestampSeconds).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifySignature(kSecret, "abc", kBody, kSignature, kTimestampSeconds).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifySignature("", kTimestamp, kBody, kSignature, kTimestampSeconds).code(),
            absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace paved::slack
