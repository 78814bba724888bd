#include "deploy/policy/exceptions.h"

#include "gtest/gtest.h"

namespace paved::deploy::policy {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;

Finding Make(const std::string& rule, Severity severity) {
  Finding f;
  f.rule = rule;
  f.severity = severity;
  return f;
}

std::vector<Finding> TwoFindings() {
  return {Make("image-digest", Severity::kError), Make("probes-required", Severity::kError)};
}

PolicyException For(const std::string& rule, const std::string& project, int64_t expires) {
  return {rule, project, "vendor image", "sre-lead", expires};
}

TEST(ExceptionsTest, ValidExceptionMarksFindingAndStopsBlocking) {
  auto f = ApplyExceptions(
      TwoFindings(),
      {For("image-digest", "chat", kNow + 1), For("probes-required", "chat", kNow + 1)}, "chat",
      kNow);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_TRUE(f[0].excepted);
  EXPECT_EQ(f[0].exception_reason, "vendor image (approved by sre-lead)");
  EXPECT_FALSE(Blocks(f));
  EXPECT_EQ(FindingToJson(f[0])["excepted"], true);
}

TEST(ExceptionsTest, OnlyTheExceptedRuleStopsBlocking) {
  auto f = ApplyExceptions(TwoFindings(), {For("image-digest", "chat", kNow + 1)}, "chat", kNow);
  EXPECT_TRUE(f[0].excepted);
  EXPECT_FALSE(f[1].excepted);
  EXPECT_TRUE(Blocks(f));
}

TEST(ExceptionsTest, ExpiredOrOtherProjectChangesNothing) {
  auto expired = ApplyExceptions(TwoFindings(), {For("image-digest", "chat", kNow)}, "chat", kNow);
  EXPECT_FALSE(expired[0].excepted);
  auto other =
      ApplyExceptions(TwoFindings(), {For("image-digest", "billing", kNow + 1)}, "chat", kNow);
  EXPECT_FALSE(other[0].excepted);
  EXPECT_TRUE(Blocks(other));
}

TEST(ExceptionsTest, WarningsNeverBlock) {
  EXPECT_FALSE(Blocks({Make("image-digest", Severity::kWarning)}));
  EXPECT_FALSE(Blocks({}));
}

}  // namespace
}  // namespace paved::deploy::policy
