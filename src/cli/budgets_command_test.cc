// `paved budgets ...` against canned answers: request shapes, output, refusals.

#include "cli/testing/canned_cli_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace paved::cli {
namespace {

using json = nlohmann::json;
using ::testing::HasSubstr;

json Request(const std::string& state, const std::string& decider = "") {
  return {{"id", "br1"},
          {"team", "chat"},
          {"kind", "budget"},
          {"amount", 1000.0},
          {"reason", "q4 launch"},
          {"month", "2026-12"},
          {"requester", "dana"},
          {"state", state},
          {"decider", decider},
          {"decision_reason", ""},
          {"detail", json::object()},
          {"created_at", "2026-11-24T11:00:00.000Z"}};
}

class BudgetsCliTest : public testing::CannedCliTest {};

TEST_F(BudgetsCliTest, RequestSendsTeamAmountReasonAndMonth) {
  Answer("POST /budgets/requests", 201, Request("pending"));
  EXPECT_EQ(Run({"budgets", "request", "--team", "chat", "--amount", "1000", "--reason",
                 "q4 launch", "--month", "2026-12"}),
            0)
      << err_.str();
  EXPECT_EQ(Target(0), "POST /budgets/requests");
  EXPECT_EQ(
      Body(0),
      (json{{"team", "chat"}, {"amount", 1000}, {"reason", "q4 launch"}, {"month", "2026-12"}}));
  EXPECT_THAT(out_.str(), HasSubstr("budget request br1 for team/chat: 1000.00 USD a month"));
}

TEST_F(BudgetsCliTest, ApproveAndRejectPostTheDecision) {
  Answer("POST /budgets/requests/br1/approve", 200, Request("approved", "sam"));
  EXPECT_EQ(Run({"budgets", "approve", "br1"}), 0) << err_.str();
  EXPECT_EQ(Body(0), json::object());
  EXPECT_THAT(out_.str(), HasSubstr("br1 approved: team/chat has 1000.00 USD a month"));
  Answer("POST /budgets/requests/br1/reject", 200, Request("rejected", "sam"));
  EXPECT_EQ(Run({"budgets", "reject", "br1", "--reason", "too much"}), 0) << err_.str();
  EXPECT_EQ(Target(1), "POST /budgets/requests/br1/reject");
  EXPECT_EQ(Body(1), (json{{"reason", "too much"}}));
  EXPECT_NE(Run({"budgets", "reject", "br1"}), 0);  // a rejection says why
}

TEST_F(BudgetsCliTest, SelfApprovalIsRefusedWithTheServersMessage) {
  Answer("POST /budgets/requests/br1/approve", 403,
         {{"error",
           {{"code", "self_approval"},
            {"message", "you requested this budget; someone else must decide it"}}}});
  EXPECT_EQ(Run({"budgets", "approve", "br1"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("someone else must decide it"));
}

TEST_F(BudgetsCliTest, ListShowsBudgetsWithSpendOrPendingRequests) {
  Answer("GET /budgets", 200,
         {{"month", "2026-11"},
          {"items",
           {{{"team", "chat"},
             {"month", "2026-11"},
             {"amount", 1000.0},
             {"since", "2026-11"},
             {"set_by", "sam"},
             {"request_id", "br1"},
             {"actual", 550.0},
             {"forecast", 1040.0},
             {"actual_percent", 55},
             {"forecast_percent", 104}}}}});
  EXPECT_EQ(Run({"budgets", "list", "--team", "chat"}), 0) << err_.str();
  EXPECT_EQ(Target(0), "GET /budgets?team=chat");
  EXPECT_THAT(out_.str(), HasSubstr("1040.00 (104%)"));
  Answer("GET /budgets/requests", 200, {{"items", {Request("pending")}}});
  EXPECT_EQ(Run({"budgets", "list", "--pending"}), 0) << err_.str();
  EXPECT_EQ(Target(1), "GET /budgets/requests?state=pending");
  EXPECT_THAT(out_.str(), HasSubstr("q4 launch"));
}

}  // namespace
}  // namespace paved::cli
