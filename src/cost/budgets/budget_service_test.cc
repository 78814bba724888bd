// Budgets with approval on both engines: requests and decisions across users and teams (no
// self-approval, no deciding twice, no reaching into another team), the budget in force over
// the months, spend against it, and the gate of resource creation.
#include "cost/budgets/budget_service.h"

#include <map>

#include "core/error.h"
#include "cost/budgets/testing/table_spend.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::cost::budgets {
namespace {

using testing::TableSpend;
using testing::Usd;

using nlohmann::json;

constexpr int64_t kDec7 = 1796644800000;  // 2026-12-07T12:00:00Z

class BudgetServiceTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto db = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(db);
    db_ = std::move(*db);
    teams_ = std::make_unique<catalog::TeamStore>(db_.get(), &clock_);
    audit_ = std::make_unique<audit::AuditLog>(db_.get(), &clock_);
    budgets_ = std::make_unique<BudgetStore>(db_.get());
    service_ = std::make_unique<BudgetService>(BudgetServiceDeps{.store = db_.get(),
                                                                 .budgets = budgets_.get(),
                                                                 .teams = teams_.get(),
                                                                 .audit = audit_.get(),
                                                                 .clock = &clock_,
                                                                 .spend = &spend_});
    chat_ = AddTeam("chat");
    ads_ = AddTeam("ads");
    dev_ = {.user_id = "u1", .login = "dana", .role = Role::kDeveloper, .team_ids = {chat_}};
    dev2_ = {.user_id = "u2", .login = "dev2", .role = Role::kDeveloper, .team_ids = {chat_}};
    other_ = {.user_id = "u3", .login = "otto", .role = Role::kDeveloper, .team_ids = {ads_}};
    sre_ = {.user_id = "u4", .login = "sam", .role = Role::kSre};
    sre2_ = {.user_id = "u5", .login = "sue", .role = Role::kSre};
  }

  std::string AddTeam(const std::string& slug) {
    catalog::Team t{.slug = slug, .name = slug, .chat_channel = "#" + slug};
    EXPECT_OK(db_->Transaction([&](store::Tx& tx) { return teams_->Create(tx, t); }));
    return t.id;
  }

  BudgetRequest Ask(const Caller& who, const std::string& team, double usd,
                    const std::string& month = "2026-12") {
    auto r =
        service_->Request(who, {.team = team, .amount_usd = usd, .reason = "q4", .month = month});
    EXPECT_OK(r);
    return r.ok() ? *r : BudgetRequest{};
  }

  std::vector<std::string> Actions() {
    auto events = audit_->List({.limit = 50});
    EXPECT_OK(events);
    std::vector<std::string> out;
    for (const auto& e : *events) out.push_back(e.actor + " " + e.action + " " + e.subject);
    return out;
  }

  FakeClock clock_{kDec7};
  TableSpend spend_;
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<catalog::TeamStore> teams_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<BudgetStore> budgets_;
  std::unique_ptr<BudgetService> service_;
  std::string chat_, ads_;
  Caller dev_, dev2_, other_, sre_, sre2_;
};

TEST_P(BudgetServiceTest, ADevelopersRequestApprovedBySreSetsTheBudgetAndIsAudited) {
  BudgetRequest r = Ask(dev_, "chat", 1000);
  EXPECT_EQ(r.state, RequestState::kPending);
  EXPECT_EQ(r.requester, "dana");
  auto none = service_->Budgets(sre_, "", "");
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());  // pending is not a budget

  auto approved = service_->Decide(sre_, r.id, true, "fine");
  ASSERT_OK(approved);
  EXPECT_EQ(approved->state, RequestState::kApproved);
  EXPECT_EQ(approved->decider, "sam");
  spend_.spend[chat_] = {.actual = Usd(550), .forecast = Usd(1040)};
  auto budgets = service_->Budgets(dev_, "chat", "");
  ASSERT_OK(budgets);
  ASSERT_EQ(budgets->size(), 1u);
  EXPECT_EQ((*budgets)[0].budget.amount, Usd(1000));
  EXPECT_EQ((*budgets)[0].month, "2026-12");
  json j = BudgetStatusToJson((*budgets)[0]);
  EXPECT_EQ(j["actual_percent"], 55);
  EXPECT_EQ(j["forecast_percent"], 104);
  EXPECT_EQ(Actions(), (std::vector<std::string>{"sam budget.approve team:chat",
                                                 "dana budget.request team:chat"}));
}

TEST_P(BudgetServiceTest, NobodyDecidesTheirOwnRequestNotEvenAnSre) {
  BudgetRequest mine = Ask(dev_, "chat", 1000);
  auto self = service_->Decide(dev_, mine.id, true, "");
  EXPECT_EQ(self.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReason(self.status()), "approver_required");  // and not an approver anyway

  BudgetRequest sres = Ask(sre_, "chat", 2000);
  auto sre_self = service_->Decide(sre_, sres.id, true, "");
  EXPECT_EQ(sre_self.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReason(sre_self.status()), "self_approval");
  auto rejected_self = service_->Decide(sre_, sres.id, false, "no");
  EXPECT_EQ(ErrorReason(rejected_self.status()), "self_approval");
  EXPECT_OK(service_->Decide(sre2_, sres.id, true, "").status());
}

TEST_P(BudgetServiceTest, DevelopersOfTheTeamCannotDecideEitherOnlyApprovers) {
  BudgetRequest r = Ask(dev_, "chat", 1000);
  auto teammate = service_->Decide(dev2_, r.id, true, "");
  EXPECT_EQ(teammate.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReason(teammate.status()), "approver_required");
}

TEST_P(BudgetServiceTest, ADecidedRequestCannotBeDecidedAgain) {
  BudgetRequest r = Ask(dev_, "chat", 1000);
  ASSERT_OK(service_->Decide(sre_, r.id, false, "too much").status());
  auto again = service_->Decide(sre2_, r.id, true, "");
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(again.status()), "not_pending");
  auto twice = service_->Decide(sre_, r.id, false, "still too much");
  EXPECT_EQ(ErrorReason(twice.status()), "not_pending");
  auto budgets = service_->Budgets(sre_, "", "");
  ASSERT_OK(budgets);
  EXPECT_TRUE(budgets->empty());  // a rejection sets nothing
}

TEST_P(BudgetServiceTest, ARejectionNeedsAReason) {
  BudgetRequest r = Ask(dev_, "chat", 1000);
  auto bare = service_->Decide(sre_, r.id, false, "  ");
  EXPECT_EQ(ErrorField(bare.status()), "reason");
  auto still = budgets_->GetRequest(r.id);
  ASSERT_OK(still);
  EXPECT_EQ((*still)->state, RequestState::kPending);
}

TEST_P(BudgetServiceTest, AnotherTeamsDeveloperCannotRequestSeeOrDecide) {
  auto foreign = service_->Request(other_, {.team = "chat", .amount_usd = 5, .reason = "x"});
  EXPECT_EQ(foreign.status().code(), absl::StatusCode::kPermissionDenied);
  BudgetRequest r = Ask(dev_, "chat", 1000);
  auto listed = service_->Requests(other_, "chat", "pending");
  EXPECT_EQ(listed.status().code(), absl::StatusCode::kPermissionDenied);
  auto own = service_->Requests(other_, "", "");
  ASSERT_OK(own);
  EXPECT_TRUE(own->empty());
  auto decide = service_->Decide(other_, r.id, true, "");
  EXPECT_EQ(decide.status().code(), absl::StatusCode::kNotFound);
  auto sees_all = service_->Requests(sre_, "", "pending");
  ASSERT_OK(sees_all);
  ASSERT_EQ(sees_all->size(), 1u);
  EXPECT_EQ((*sees_all)[0].team, "chat");
  Caller viewer{.user_id = "u9", .login = "vic", .role = Role::kViewer, .team_ids = {chat_}};
  auto viewer_asks = service_->Request(viewer, {.team = "chat", .amount_usd = 5, .reason = "x"});
  EXPECT_EQ(viewer_asks.status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_P(BudgetServiceTest, RequestsAreValidated) {
  auto zero = service_->Request(dev_, {.team = "chat", .amount_usd = 0, .reason = "x"});
  EXPECT_EQ(ErrorField(zero.status()), "amount");
  auto no_reason = service_->Request(dev_, {.team = "chat", .amount_usd = 5, .reason = " "});
  EXPECT_EQ(ErrorField(no_reason.status()), "reason");
  auto past =
      service_->Request(dev_, {.team = "chat", .amount_usd = 5, .reason = "x", .month = "2026-11"});
  EXPECT_EQ(ErrorField(past.status()), "month");
  auto bad =
      service_->Request(dev_, {.team = "chat", .amount_usd = 5, .reason = "x", .month = "2026-13"});
  EXPECT_EQ(ErrorField(bad.status()), "month");
  auto nobody = service_->Request(dev_, {.team = "nope", .amount_usd = 5, .reason = "x"});
  EXPECT_EQ(nobody.status().code(), absl::StatusCode::kNotFound);
  auto listed = service_->Requests(sre_, "", "");
  ASSERT_OK(listed);
  EXPECT_TRUE(listed->empty());
}

TEST_P(BudgetServiceTest, ABudgetAppliesFromItsMonthUntilChanged) {
  ASSERT_OK(service_->Decide(sre_, Ask(dev_, "chat", 1000, "2026-12").id, true, "").status());
  ASSERT_OK(service_->Decide(sre_, Ask(dev_, "chat", 3000, "2027-02").id, true, "").status());
  auto amount = [&](const std::string& month) {
    auto b = service_->Budgets(sre_, "chat", month);
    EXPECT_OK(b);
    return b.ok() && !b->empty() ? Dollars((*b)[0].budget.amount) : -1.0;
  };
  EXPECT_EQ(amount("2026-11"), -1.0);
  EXPECT_EQ(amount("2026-12"), 1000.0);
  EXPECT_EQ(amount("2027-01"), 1000.0);
  EXPECT_EQ(amount("2027-02"), 3000.0);
  EXPECT_EQ(amount("2027-07"), 3000.0);
}

TEST_P(BudgetServiceTest, TheResourceGateAsksForApprovalOnceThenLetsTheCreationPass) {
  ResourceEstimate redis{.team_id = chat_,
                         .monthly_usd = 200,
                         .what = {{"kind", "redis"}, {"name", "cache"}, {"project", "chat-api"}}};
  EXPECT_OK(service_->CheckResource(dev_, redis));  // no budget: no gate
  ASSERT_OK(service_->Decide(sre_, Ask(dev2_, "chat", 1000).id, true, "").status());
  spend_.spend[chat_] = {.actual = Usd(300), .forecast = Usd(900)};
  ResourceEstimate small = redis;
  small.monthly_usd = 100;
  EXPECT_OK(service_->CheckResource(dev_, small));  // 900 + 100 fits in 1000

  absl::Status over = service_->CheckResource(dev_, redis);
  EXPECT_EQ(over.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(over), "budget_exceeded");
  auto pending = service_->Requests(sre_, "chat", "pending");
  ASSERT_OK(pending);
  ASSERT_EQ(pending->size(), 1u);
  const BudgetRequest& asked = (*pending)[0];
  EXPECT_EQ(asked.kind, "resource");
  EXPECT_EQ(asked.amount, Usd(1100));
  EXPECT_EQ(asked.requester, "dana");
  EXPECT_NE(std::string(over.message()).find(asked.id), std::string::npos);
  EXPECT_EQ(ErrorReason(service_->CheckResource(dev_, redis)), "budget_exceeded");
  auto still_one = service_->Requests(sre_, "chat", "pending");
  ASSERT_OK(still_one);
  EXPECT_EQ(still_one->size(), 1u);  // asking again does not ask twice

  EXPECT_EQ(ErrorReason(service_->Decide(dev_, asked.id, true, "").status()), "approver_required");
  ASSERT_OK(service_->Decide(sre_, asked.id, true, "ok").status());
  EXPECT_OK(service_->CheckResource(dev_, redis));
}

INSTANTIATE_TEST_SUITE_P(Engines, BudgetServiceTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::cost::budgets
