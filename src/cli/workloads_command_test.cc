// The commands a developer runs day to day against canned answers: status, logs, timeline,
// metrics, artifact list, targets, users, team members, projects edit, policy exceptions,
// spec validate, alerts message, and the usage errors for mistyped commands.

#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "cli/suggest.h"
#include "cli/testing/canned_cli_fixture.h"
#include "cli/workload_view.h"
#include "core/suggest.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace paved::cli {
namespace {

using json = nlohmann::json;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kDigest[] =
    "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

json Workloads() {
  json instance = {{"name", "web-0"},        {"state", "running"},
                   {"restarts", 0},          {"url", "http://127.0.0.1:41001"},
                   {"deployment_id", "d-1"}, {"started_at_ms", 0}};
  json instance2 = instance;
  instance2["name"] = "web-1";
  instance2["url"] = "http://127.0.0.1:41002";
  return {{"items",
           {{{"cluster", "local-alpha"},
             {"environment", "alpha"},
             {"region", "local"},
             {"namespace", "chat"},
             {"deployment", {{"id", "d-1"}, {"digest", kDigest}, {"state", "succeeded"}}},
             {"workloads",
              {{{"component", "web"},
                {"kind", "Deployment"},
                {"desired", 2},
                {"ready", 2},
                {"instances", {instance, instance2}}}}}},
            {{"cluster", "local-production"},
             {"environment", "production"},
             {"region", "local"},
             {"namespace", "chat"},
             {"deployment", nullptr},
             {"workloads", json::array()}}}}};
}

class DeveloperCliTest : public testing::CannedCliTest {};

TEST_F(DeveloperCliTest, StatusShowsWhatRunsWhereWithEachInstancesUrl) {
  Answer("GET /projects/chat/workloads", 200, Workloads());
  ASSERT_EQ(Run({"status", "-p", "chat"}), 0) << err_.str();
  EXPECT_EQ(Target(0), "GET /projects/chat/workloads");
  EXPECT_THAT(out_.str(), HasSubstr("local-alpha   alpha/local   namespace chat   deployment d-1 "
                                    "sha256:0123456789ab succeeded\n"));
  EXPECT_THAT(out_.str(), ContainsRegex("web +web-0 +running +0 +http://127.0.0.1:41001\n"));
  EXPECT_THAT(out_.str(), HasSubstr("http://127.0.0.1:41002"));
  EXPECT_THAT(out_.str(), HasSubstr("local-production   production/local   namespace chat   "
                                    "nothing deployed\n"));
  ASSERT_EQ(Run({"status", "-p", "chat", "--cluster", "local-alpha"}), 0);
  EXPECT_EQ(Target(1), "GET /projects/chat/workloads?cluster=local-alpha");
}

TEST_F(DeveloperCliTest, LogsOfEveryInstanceOrOne) {
  Answer("GET /projects/chat/workloads", 200, Workloads());
  AnswerText("GET /projects/chat/workloads/local-alpha/web-0/logs", 200, "a\nb\n");
  AnswerText("GET /projects/chat/workloads/local-alpha/web-1/logs", 200, "c\n");
  ASSERT_EQ(Run({"logs", "-p", "chat"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "[web-0] a\n[web-0] b\n[web-1] c\n");
  ASSERT_EQ(Run({"logs", "-p", "chat", "--instance", "web-1", "--tail", "5"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "c\n");
  EXPECT_EQ(Target(RequestCount() - 1),
            "GET /projects/chat/workloads/local-alpha/web-1/logs?tail=5");
  EXPECT_EQ(Run({"logs", "-p", "chat", "--instance", "web-9"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("no instance web-9 of chat; instances: web-0, web-1"));
}

TEST_F(DeveloperCliTest, LogsFollowPrintsOnlyNewLinesUntilTheInstanceIsGone) {
  Answer("GET /projects/chat/workloads", 200, Workloads());
  const std::string path = "GET /projects/chat/workloads/local-alpha/web-0/logs";
  AnswerText(path, 200, "a\nb\n");
  AnswerText(path, 200, "a\nb\nc\n");
  AnswerText(path, 200, "b\nc\nd\n");  // the tail window moved on
  Answer(path, 404, {{"error", {{"code", "not_found"}, {"message", "no instance web-0"}}}});
  ASSERT_EQ(Run({"logs", "-p", "chat", "--instance", "web-0", "-f"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "a\nb\nc\nd\n");
  EXPECT_THAT(err_.str(), HasSubstr("the instance is gone"));
}

TEST_F(DeveloperCliTest, NewLogLinesFindsTheOverlap) {
  EXPECT_EQ(NewLogLines({}, {"a"}), std::vector<std::string>{"a"});
  EXPECT_EQ(NewLogLines({"a", "b"}, {"a", "b"}), std::vector<std::string>{});
  EXPECT_EQ(NewLogLines({"a", "b"}, {"b", "c"}), std::vector<std::string>{"c"});
  EXPECT_EQ(NewLogLines({"x"}, {"y", "z"}), (std::vector<std::string>{"y", "z"}));
}

TEST_F(DeveloperCliTest, TimelineTakesAnAgeOrATime) {
  Answer("GET /projects/chat/timeline", 200,
         {{"items",
           {{{"at", "2026-11-24T11:00:00.000Z"},
             {"kind", "deployment.succeeded"},
             {"actor", "kim"},
             {"summary", "alpha local-alpha"},
             {"deployment_id", "d-1"}}}}});
  ASSERT_EQ(Run({"timeline", "-p", "chat", "--since", "2h", "--env", "alpha"}), 0) << err_.str();
  EXPECT_EQ(Target(0),
            "GET /projects/chat/timeline?since=2026-11-24T10%3A00%3A00Z&environment=alpha");
  EXPECT_THAT(out_.str(), ContainsRegex("deployment.succeeded +kim +alpha local-alpha +d-1"));
  ASSERT_EQ(Run({"timeline", "-p", "chat", "--since", "2026-11-20T00:00:00Z"}), 0);
  EXPECT_EQ(Target(1), "GET /projects/chat/timeline?since=2026-11-20T00%3A00%3A00Z");
  EXPECT_EQ(Run({"timeline", "-p", "chat", "--since", "yesterday"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("--since must be an age such as 30m, 1h or 2d"));
  EXPECT_EQ(RequestCount(), 2u);
}

TEST_F(DeveloperCliTest, ResolveTimeAcceptsAgesAndRfc3339) {
  EXPECT_EQ(*ResolveTime("--since", "30m", testing::kTestNow), "2026-11-24T11:30:00Z");
  EXPECT_EQ(*ResolveTime("--since", "2d", testing::kTestNow), "2026-11-22T12:00:00Z");
  EXPECT_EQ(*ResolveTime("--since", "", testing::kTestNow), "");
  EXPECT_FALSE(ResolveTime("--since", "h", testing::kTestNow).ok());
  EXPECT_FALSE(ResolveTime("--since", "-1h", testing::kTestNow).ok());
}

TEST_F(DeveloperCliTest, MetricsDeployments) {
  Answer("GET /metrics/deployments", 200,
         {{"from", "2026-10-25T12:00:00.000Z"},
          {"to", "2026-11-24T12:00:00.000Z"},
          {"items",
           {{{"key", "chat"},
             {"deployments", 4},
             {"succeeded", 3},
             {"failed", 1},
             {"rolled_back", 0},
             {"duration_p50_ms", 1500},
             {"duration_p90_ms", 90000},
             {"failure_rate", 0.25},
             {"dora",
              {{"deployment_frequency_per_day", 0.5},
               {"lead_time_p50_ms", 7200000},
               {"change_failure_rate", 0.25},
               {"recovery_time_p50_ms", nullptr}}}}}}});
  ASSERT_EQ(Run({"metrics", "deployments", "--group-by", "Team", "--since", "7d"}), 0)
      << err_.str();
  EXPECT_EQ(Target(0), "GET /metrics/deployments?group_by=team&from=2026-11-17T12%3A00%3A00Z");
  EXPECT_THAT(out_.str(), ContainsRegex("chat +4 +3 +1 +0 +25% +1.5s +2m +0.50 +2.0h +25%"));
}

TEST_F(DeveloperCliTest, ArtifactListShowsWhereEachWent) {
  Answer("GET /projects/chat/artifacts", 200,
         {{"items",
           {{{"digest", kDigest},
             {"image", "registry/chat"},
             {"git_sha", "abc123"},
             {"pushed_by", "ci"},
             {"created_at", "2026-11-24T11:00:00.000Z"},
             {"environments", {{"alpha", "succeeded"}, {"production", "pending_approval"}}}}}},
          {"next_cursor", nullptr}});
  ASSERT_EQ(Run({"artifact", "list", "-p", "chat"}), 0) << err_.str();
  EXPECT_THAT(Target(0), StartsWith("GET /projects/chat/artifacts"));
  EXPECT_THAT(out_.str(), HasSubstr(kDigest));
  EXPECT_THAT(out_.str(), HasSubstr("alpha=succeeded,production=pending_approval"));
}

TEST_F(DeveloperCliTest, TargetsGetAndSet) {
  const json clusters = {{"items",
                          {{{"name", "local-alpha"},
                            {"environment", "alpha"},
                            {"region", "local"},
                            {"runtime", "local"}}}}};
  Answer("GET /projects/chat/targets", 200, clusters);
  Answer("PUT /projects/chat/targets", 200, clusters);
  ASSERT_EQ(Run({"targets", "get", "-p", "chat"}), 0) << err_.str();
  EXPECT_THAT(out_.str(), ContainsRegex("local-alpha +alpha +local +local"));
  ASSERT_EQ(Run({"targets", "set", "-p", "chat", "local-alpha,local-production", "kr1"}), 0)
      << err_.str();
  EXPECT_EQ(Target(1), "PUT /projects/chat/targets");
  EXPECT_EQ(Body(1), (json{{"clusters", {"local-alpha", "local-production", "kr1"}}}));
}

TEST_F(DeveloperCliTest, UsersCreateListAndSetRole) {
  Answer("POST /users", 201, {{"login", "mina"}, {"role", "developer"}});
  Answer("GET /users", 200,
         {{"items", {{{"login", "mina"}, {"role", "developer"}, {"teams", {"chat"}}}}},
          {"next_cursor", nullptr}});
  Answer("PATCH /users/mina", 200, {{"login", "mina"}, {"role", "sre"}});
  typed_ = "a-long-password-1";
  ASSERT_EQ(Run({"users", "create", "mina", "--role", "Developer"}), 0) << err_.str();
  EXPECT_EQ(Body(0),
            (json{{"login", "mina"}, {"password", "a-long-password-1"}, {"role", "developer"}}));
  EXPECT_EQ(prompts_, std::vector<std::string>{"Password for mina:  (hidden)"});
  EXPECT_EQ(out_.str(), "user/mina created (developer)\n");
  ASSERT_EQ(Run({"users", "list"}), 0) << err_.str();
  EXPECT_THAT(out_.str(), ContainsRegex("mina +developer +chat"));
  ASSERT_EQ(Run({"users", "set-role", "mina", "sre"}), 0) << err_.str();
  EXPECT_EQ(Target(2), "PATCH /users/mina");
  EXPECT_EQ(Body(2), (json{{"role", "sre"}}));
  EXPECT_EQ(Run({"users", "set-role", "mina", "boss"}), 2);
}

TEST_F(DeveloperCliTest, TeamMembersAddAndRemove) {
  Answer("POST /teams/chat/members", 201, {{"login", "mina"}});
  Answer("DELETE /teams/chat/members/mina", 204, nullptr);
  ASSERT_EQ(Run({"teams", "add-member", "chat", "mina"}), 0) << err_.str();
  EXPECT_EQ(Body(0), (json{{"login", "mina"}}));
  EXPECT_EQ(out_.str(), "mina added to team/chat\n");
  ASSERT_EQ(Run({"teams", "remove-member", "chat", "mina"}), 0) << err_.str();
  EXPECT_EQ(Target(1), "DELETE /teams/chat/members/mina");
  EXPECT_EQ(out_.str(), "mina removed from team/chat\n");
}

TEST_F(DeveloperCliTest, ProjectsEditSendsOnlyTheGivenFields) {
  Answer("PATCH /projects/chat", 200, {{"slug", "chat"}});
  ASSERT_EQ(Run({"projects", "edit", "chat", "--oncall", "@chat-oncall", "--repo",
                 "https://git.example.com/chat", "--lifecycle", "production", "--tags", "go,grpc"}),
            0)
      << err_.str();
  EXPECT_EQ(Body(0), (json{{"oncall", "@chat-oncall"},
                           {"repo_url", "https://git.example.com/chat"},
                           {"lifecycle", "production"},
                           {"tags", {"go", "grpc"}}}));
  EXPECT_EQ(out_.str(), "project/chat updated\n");
  EXPECT_EQ(Run({"projects", "edit", "chat"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("nothing to change"));
  EXPECT_EQ(RequestCount(), 1u);
}

TEST_F(DeveloperCliTest, PolicyExceptionsListCreateRevoke) {
  const json exception = {{"id", "7"},          {"rule", "latest-tag"},
                          {"reason", "legacy"}, {"approved_by", "sre"},
                          {"active", true},     {"expires_at", "2026-12-24T12:00:00Z"}};
  Answer("GET /projects/chat/policy/exceptions", 200, {{"items", {exception}}});
  Answer("POST /projects/chat/policy/exceptions", 201, exception);
  Answer("DELETE /projects/chat/policy/exceptions/7", 200, exception);
  ASSERT_EQ(Run({"policy", "exceptions", "list", "-p", "chat"}), 0) << err_.str();
  EXPECT_THAT(out_.str(), ContainsRegex("7 +latest-tag +yes +sre"));
  ASSERT_EQ(Run({"policy", "exceptions", "create", "-p", "chat", "--rule", "latest-tag", "-m",
                 "legacy", "--for", "30d"}),
            0)
      << err_.str();
  EXPECT_EQ(Body(1), (json{{"rule", "latest-tag"}, {"reason", "legacy"}, {"duration", "30d"}}));
  ASSERT_EQ(Run({"policy", "exceptions", "revoke", "7", "-p", "chat"}), 0) << err_.str();
  EXPECT_EQ(Target(2), "DELETE /projects/chat/policy/exceptions/7");
  EXPECT_EQ(out_.str(), "exception 7 revoked\n");
}

TEST_F(DeveloperCliTest, AlertsMessageShowsTheChatPreview) {
  Answer("GET /alerts/message", 200,
         {{"group", "kr1/chat"},
          {"chat", "none"},
          {"destination", {{"channel", "#chat-alerts"}, {"mention", "@kim"}}},
          {"text", "2 firing in chat\nDiskFull"}});
  Answer("GET /alerts", 200,
         {{"items", {{{"cluster", "kr1"}, {"namespace", "chat"}}}}, {"next_cursor", nullptr}});
  ASSERT_EQ(Run({"alerts", "message", "--namespace", "chat"}), 0) << err_.str();
  EXPECT_EQ(Target(0), "GET /alerts?namespace=chat&limit=500");
  EXPECT_EQ(Target(1), "GET /alerts/message?namespace=chat&cluster=kr1");
  EXPECT_THAT(out_.str(), HasSubstr("#chat-alerts"));
  EXPECT_THAT(out_.str(), HasSubstr("\n2 firing in chat\nDiskFull\n"));
}

TEST_F(DeveloperCliTest, UnknownSubcommandSuggestsTheNearest) {
  EXPECT_EQ(Run({"artifact", "lst", "-p", "chat"}), 2);
  EXPECT_EQ(err_.str(),
            "error: unknown command 'lst' for 'paved artifact'; did you mean 'list'? "
            "(available: push, list)\n");
  EXPECT_EQ(Run({"--server", "http://x", "deploymnets", "list"}), 2);
  EXPECT_THAT(err_.str(), StartsWith("error: unknown command 'deploymnets' for 'paved'; did you "
                                     "mean 'deployments'?"));
  EXPECT_EQ(Run({"artifact"}), 2);
  EXPECT_EQ(err_.str(), "error: 'paved artifact' needs a command: push, list\n");
  EXPECT_EQ(Run({"policy", "exceptions", "revok", "7", "-p", "chat"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("for 'paved policy exceptions'; did you mean 'revoke'?"));
  EXPECT_EQ(RequestCount(), 0u);
}

TEST_F(DeveloperCliTest, EditDistance) {
  EXPECT_EQ(EditDistance("list", "lst"), 1);
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(Nearest("lst", {"push", "list", "last"}), (std::vector<std::string>{"list", "last"}));
}

}  // namespace
}  // namespace paved::cli
