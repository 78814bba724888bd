// Threshold messages against the in-process Slack: each threshold, basis and month is told once
// (not again on the next check), 80 % after 50 %, only the highest of thresholds passed at once,
// and a chat outage delays a message without losing or doubling it.
#include "cost/budgets/budget_notifier.h"

#include <map>
#include <set>

#include "core/status_macros.h"
#include "cost/budgets/testing/table_spend.h"
#include "gtest/gtest.h"
#include "http/client.h"
#include "providers/slack/testing/fake_slack_server.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::cost::budgets {
namespace {

using testing::TableSpend;
using testing::Usd;

constexpr int64_t kDec7 = 1796644800000;  // 2026-12-07T12:00:00Z

class BudgetNotifierTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    ASSERT_OK(slack_server_.Start());
    slack_server_.AddChannel("chat-team");
    http_ = http::NewCurlClient();
    slack_ = slack::NewWebApiClient({.api_url = slack_server_.api_url(),
                                     .bot_token = "xoxb-test-token",
                                     .timeout = std::chrono::milliseconds(500)},
                                    http_.get());
    auto db = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(db);
    db_ = std::move(*db);
    queue_ = std::make_unique<jobs::JobQueue>(db_.get(), &clock_);
    budgets_ = std::make_unique<BudgetStore>(db_.get());
    catalog::TeamStore teams(db_.get(), &clock_);
    catalog::Team chat{.slug = "chat", .name = "Chat", .chat_channel = "#chat-team"};
    ASSERT_OK(db_->Transaction([&](store::Tx& tx) -> absl::Status {
      RETURN_IF_ERROR(teams.Create(tx, chat));
      return budgets_->Set(tx, {.team_id = chat.id,
                                .month_from = "2026-11",
                                .amount = Usd(1000),
                                .request_id = "r1",
                                .set_by = "sam",
                                .set_at_ms = kDec7});
    }));
    chat_ = chat.id;
    notifier_ = std::make_unique<BudgetNotifier>(NotifierDeps{.store = db_.get(),
                                                              .budgets = budgets_.get(),
                                                              .queue = queue_.get(),
                                                              .clock = &clock_,
                                                              .spend = &spend_,
                                                              .slack = slack_.get()});
  }

  // Runs every due notify job as a worker would; returns how many failed.
  int RunJobs() {
    int failed = 0;
    for (;;) {
      auto job = queue_->Claim("w", 30'000, {BudgetNotifier::kNotifyJob});
      EXPECT_OK(job);
      if (!job.ok() || !*job) return failed;
      absl::Status s = notifier_->Notify((*job)->payload, (*job)->attempts);
      if (s.ok()) {
        EXPECT_OK(queue_->Complete((*job)->id, "w"));
      } else {
        ++failed;
        EXPECT_OK(
            queue_->Fail((*job)->id, "w", std::string(s.message()), 1000, jobs::RetryDelayMs(s)));
      }
    }
  }

  void CheckAndRun() {
    ASSERT_OK(notifier_->Check());
    RunJobs();
  }

  std::vector<std::string> Texts() {
    std::vector<std::string> out;
    for (const auto& m : slack_server_.Messages("#chat-team")) out.push_back(m.text);
    return out;
  }

  slack::testing::FakeSlackServer slack_server_;
  std::unique_ptr<http::Client> http_;
  std::unique_ptr<slack::Client> slack_;
  FakeClock clock_{kDec7};
  TableSpend spend_;
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<jobs::JobQueue> queue_;
  std::unique_ptr<BudgetStore> budgets_;
  std::unique_ptr<BudgetNotifier> notifier_;
  std::string chat_;
};

TEST_P(BudgetNotifierTest, EachThresholdIsToldOnceAnd80AfterFifty) {
  spend_.spend[chat_] = {.actual = Usd(300), .forecast = Usd(400)};
  CheckAndRun();
  EXPECT_TRUE(Texts().empty());  // under 50 %

  spend_.spend[chat_] = {.actual = Usd(300), .forecast = Usd(550)};
  CheckAndRun();
  CheckAndRun();
  EXPECT_EQ(Texts(), (std::vector<std::string>{
                         ":money_with_wings: chat: forecast 55 % of the 2026-12 budget (550 of "
                         "1,000 USD)"}));

  spend_.spend[chat_] = {.actual = Usd(520), .forecast = Usd(1040)};
  CheckAndRun();
  CheckAndRun();
  std::vector<std::string> texts = Texts();
  ASSERT_EQ(texts.size(), 3u);
  // Two notices of one check: posted in either order. 80 % and 100 % of the forecast passed at
  // once: only the highest is told.
  std::set<std::string> latest = {texts[1], texts[2]};
  EXPECT_EQ(latest, (std::set<std::string>{
                        ":money_with_wings: chat: actual 52 % of the 2026-12 budget (520 of "
                        "1,000 USD)",
                        ":money_with_wings: chat: forecast 104 % of the 2026-12 budget (1,040 of "
                        "1,000 USD)"}));

  spend_.spend[chat_] = {.actual = Usd(850), .forecast = Usd(1100)};
  CheckAndRun();
  ASSERT_EQ(Texts().size(), 4u);
  EXPECT_NE(Texts()[3].find("actual 85 %"), std::string::npos);
  const auto last = slack_server_.Messages("#chat-team").back();
  EXPECT_EQ(last.metadata_type, BudgetNotifier::kMetadataType);
  EXPECT_EQ(last.metadata_payload["threshold"], 80);
}

TEST_P(BudgetNotifierTest, AChatOutageDelaysTheMessageWithoutLosingOrDoublingIt) {
  spend_.spend[chat_] = {.actual = Usd(600), .forecast = Usd(700)};
  slack_server_.FailNextWith500(2);
  ASSERT_OK(notifier_->Check());
  EXPECT_EQ(RunJobs(), 2);  // both messages failed; retried later
  EXPECT_TRUE(Texts().empty());
  ASSERT_OK(notifier_->Check());  // a check meanwhile does not add a second job
  clock_.AdvanceMs(120'000);
  EXPECT_EQ(RunJobs(), 0);
  EXPECT_EQ(Texts().size(), 2u);
  clock_.AdvanceMs(120'000);
  CheckAndRun();
  EXPECT_EQ(Texts().size(), 2u);
}

TEST_P(BudgetNotifierTest, APostWhoseAnswerWasLostIsFoundNotPostedAgain) {
  spend_.spend[chat_] = {.actual = Usd(100), .forecast = Usd(510)};
  slack_server_.HangNext(std::chrono::milliseconds(2000), /*apply=*/true);
  ASSERT_OK(notifier_->Check());
  EXPECT_EQ(RunJobs(), 1);  // posted, but the answer never came
  clock_.AdvanceMs(120'000);
  EXPECT_EQ(RunJobs(), 0);
  EXPECT_EQ(Texts().size(), 1u);
  auto notice = budgets_->GetNotice(chat_, "2026-12", 50, "forecast");
  ASSERT_OK(notice);
  EXPECT_EQ((*notice)->state, "sent");
}

INSTANTIATE_TEST_SUITE_P(Engines, BudgetNotifierTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::cost::budgets
