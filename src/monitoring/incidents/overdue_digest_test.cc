// The weekly message of overdue actions on both engines: once per team and week, again the
// next week, never for a team without overdue actions, and retried after a failed post.
#include "monitoring/incidents/overdue_digest.h"

#include <map>

#include "core/days.h"

#include "monitoring/incidents/testing/incident_fixture.h"

namespace paved::monitoring::incidents {
namespace {

using deploy::rollout::testing::EngineParamName;

constexpr int64_t kDay = 24 * 60 * 60 * 1000;

class OverdueDigestTest : public testing::IncidentFixture {
 protected:
  void SetUp() override {
    IncidentFixture::SetUp();
    digest_ = std::make_unique<OverdueDigest>(
        incidents_.get(), teams_.get(), &clock_,
        [this](const std::string& team, const std::string& text) -> absl::Status {
          if (chat_down_) return absl::UnavailableError("chat is down");
          posts_[team].push_back(text);
          return absl::OkStatus();
        },
        "https://paved.example.com");
    auto i = service_->Open(Developer(), {.project = "chat-gateway", .title = "login errors"});
    ASSERT_OK(i);
    incident_ = i->id;
  }

  void AddAction(const std::string& title, int64_t due_in_days) {
    ASSERT_OK(service_
                  ->AddAction(Sre(), incident_,
                              {.title = title,
                               .owner_team = "chat",
                               .due = DayOfUnixMs(clock_.NowMs() + due_in_days * kDay)})
                  .status());
  }

  std::unique_ptr<OverdueDigest> digest_;
  std::map<std::string, std::vector<std::string>> posts_;
  bool chat_down_ = false;
  std::string incident_;
};

TEST(WeekOfTest, IsTheMonday) {
  EXPECT_EQ(WeekOf(1'796'644'800'000), "2026-12-07");  // Monday 2026-12-07
  EXPECT_EQ(WeekOf(1'797'163'200'000), "2026-12-07");  // Sunday 2026-12-13
  EXPECT_EQ(WeekOf(1'797'206'400'000), "2026-12-14");  // Monday 2026-12-14, 00:00
}

TEST_P(OverdueDigestTest, PostsOncePerWeekWhileActionsAreOverdue) {
  AddAction("add a canary", -2);
  AddAction("not yet due", 30);
  ASSERT_OK(digest_->Run());
  ASSERT_EQ(posts_["chat"].size(), 1u);
  EXPECT_NE(posts_["chat"][0].find("add a canary — team chat"), std::string::npos)
      << posts_["chat"][0];
  EXPECT_NE(posts_["chat"][0].find("https://paved.example.com/incidents/" + incident_),
            std::string::npos);
  EXPECT_EQ(posts_["chat"][0].find("not yet due"), std::string::npos);
  ASSERT_OK(digest_->Run());
  EXPECT_EQ(posts_["chat"].size(), 1u);  // the same week
  clock_.AdvanceMs(7 * kDay);
  ASSERT_OK(digest_->Run());
  EXPECT_EQ(posts_["chat"].size(), 2u);
  EXPECT_EQ(posts_.size(), 1u);  // no other team has overdue actions
}

TEST_P(OverdueDigestTest, AFailedPostIsTriedAgain) {
  AddAction("add a canary", -1);
  chat_down_ = true;
  EXPECT_FALSE(digest_->Run().ok());
  chat_down_ = false;
  ASSERT_OK(digest_->Run());
  EXPECT_EQ(posts_["chat"].size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, OverdueDigestTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::monitoring::incidents
