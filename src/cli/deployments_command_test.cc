// `paved artifact push`, `paved deploy`, `paved deployments ...` and `paved approvals` against
// canned answers: request shapes, output, exit codes and --wait sequences.

#include "absl/strings/match.h"
#include "cli/testing/canned_cli_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace paved::cli {
namespace {

using json = nlohmann::json;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kDigest[] =
    "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

json Deployment(const std::string& id, const std::string& cluster, const std::string& state,
                const std::string& region = "kr") {
  return {{"id", id},
          {"request_id", "req-1"},
          {"project", "web"},
          {"environment", "production"},
          {"cluster", cluster},
          {"region", region},
          {"artifact", {{"digest", kDigest}, {"image", "registry/web"}, {"git_sha", "abc123"}}},
          {"state", state},
          {"wave", 0},
          {"requester", "alice"},
          {"approver", ""},
          {"reason", "ship it"},
          {"error", state == "failed" ? "health check failed" : ""},
          {"created_at", "2026-11-24T11:58:00.000Z"},
          {"manifests", "kind: Deployment\n"}};
}

class DeploymentsCliTest : public testing::CannedCliTest {};

TEST_F(DeploymentsCliTest, ArtifactPushSendsTheBuild) {
  Answer("POST /projects/web/artifacts", 201, {{"digest", kDigest}});
  EXPECT_EQ(
      Run({"artifact", "push", "-p", "web", "--image", "registry/web", "--digest", kDigest,
           "--git-sha", "abc123", "--commit-time", "2026-11-24T10:00:00Z", "--built-by", "ci"}),
      0)
      << err_.str();
  EXPECT_EQ(Target(0), "POST /projects/web/artifacts");
  EXPECT_EQ(Body(0), (json{{"image", "registry/web"},
                           {"digest", kDigest},
                           {"git_sha", "abc123"},
                           {"commit_time", "2026-11-24T10:00:00Z"},
                           {"built_by", "ci"}}));
  EXPECT_EQ(out_.str(), std::string("artifact ") + kDigest + " pushed\n");
}

TEST_F(DeploymentsCliTest, ArtifactPushedAgainAndConflict) {
  Answer("POST /projects/web/artifacts", 200, {{"digest", kDigest}});
  Answer("POST /projects/web/artifacts", 409,
         {{"error", {{"code", "conflict"}, {"message", "digest exists with other fields"}}}});
  const std::vector<std::string> args = {"artifact", "push", "-p",       "web",
                                         "--image",  "img",  "--digest", kDigest};
  EXPECT_EQ(Run(args), 0);
  EXPECT_THAT(out_.str(), HasSubstr("already pushed"));
  EXPECT_EQ(Body(0), (json{{"image", "img"}, {"digest", kDigest}}));
  EXPECT_EQ(Run(args), 1);
  EXPECT_THAT(err_.str(), HasSubstr("digest exists with other fields"));
}

TEST_F(DeploymentsCliTest, DeployToClustersPrintsTheDeployments) {
  Answer("POST /projects/web/deployments", 201,
         {{"request_id", "req-1"},
          {"deployments",
           {Deployment("d-1", "kr1", "pending_approval"),
            Deployment("d-2", "jp1", "pending_approval", "jp")}}});
  EXPECT_EQ(Run({"deploy", "-p", "web", "--env", "production", "--clusters", "kr1,jp1",
                 "--artifact", kDigest, "--reason", "ship it", "--auto-rollback"}),
            0)
      << err_.str();
  EXPECT_EQ(Target(0), "POST /projects/web/deployments");
  EXPECT_EQ(Body(0), (json{{"artifact", kDigest},
                           {"environment", "production"},
                           {"clusters", {"kr1", "jp1"}},
                           {"reason", "ship it"},
                           {"auto_rollback", true}}));
  EXPECT_THAT(out_.str(), StartsWith("ID "));
  EXPECT_THAT(out_.str(), HasSubstr("d-2   production   jp1"));
  EXPECT_THAT(out_.str(), HasSubstr("sha256:0123456789ab "));
  EXPECT_EQ(RequestCount(), 1u);  // no --wait: no polling
}

TEST_F(DeploymentsCliTest, DeployAllAndWaves) {
  Answer("POST /projects/web/deployments", 201, {{"deployments", json::array()}});
  ASSERT_EQ(Run({"deploy", "-p", "web", "--env", "alpha", "--all", "--artifact", kDigest}), 0);
  EXPECT_EQ(Body(0)["clusters"], "all");
  EXPECT_FALSE(Body(0).contains("waves"));
  ASSERT_EQ(Run({"deploy", "-p", "web", "--env", "production", "--waves", "kr1;jp1,us1",
                 "--artifact", kDigest}),
            0);
  EXPECT_EQ(Body(1)["waves"], (json{{"kr1"}, {"jp1", "us1"}}));
  EXPECT_EQ(Body(1)["clusters"], (json{"kr1", "jp1", "us1"}));
}

TEST_F(DeploymentsCliTest, DeployUsageErrors) {
  EXPECT_EQ(Run({"deploy", "-p", "web", "--env", "alpha", "--artifact", kDigest}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("--clusters"));
  EXPECT_EQ(Run({"deploy", "-p", "web", "--env", "alpha", "--artifact", kDigest, "--all",
                 "--clusters", "a"}),
            2);
  EXPECT_EQ(
      Run({"deploy", "-p", "web", "--env", "alpha", "--artifact", kDigest, "--waves", "a;;b"}), 2);
  EXPECT_EQ(Run({"deploy", "-p", "web", "--artifact", kDigest, "--all"}), 2);  // no --env
  EXPECT_EQ(RequestCount(), 0u);
}

TEST_F(DeploymentsCliTest, DeployRefusedShowsTheServerError) {
  Answer("POST /projects/web/deployments", 422,
         {{"error",
           {{"code", "promotion_required"},
            {"message", "sha256:0123 has no succeeded deployment in alpha"}}}});
  EXPECT_EQ(Run({"deploy", "-p", "web", "--env", "production", "--all", "--artifact", kDigest}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("no succeeded deployment in alpha"));
}

TEST_F(DeploymentsCliTest, WaitFollowsTheRolloutUntilSuccess) {
  Answer("POST /projects/web/deployments", 201,
         {{"deployments", {Deployment("d-1", "a1", "queued"), Deployment("d-2", "a2", "queued")}}});
  Answer("GET /projects/web/deployments/d-1", 200, Deployment("d-1", "a1", "rolling_out"));
  Answer("GET /projects/web/deployments/d-1", 200, Deployment("d-1", "a1", "succeeded"));
  Answer("GET /projects/web/deployments/d-2", 200, Deployment("d-2", "a2", "succeeded"));
  EXPECT_EQ(Run({"deploy", "-p", "web", "--env", "alpha", "--clusters", "a1,a2", "--artifact",
                 kDigest, "--wait", "--interval", "0"}),
            0)
      << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("a1 d-1: queued -> rolling_out\n"));
  EXPECT_THAT(out_.str(), HasSubstr("a2 d-2: queued -> succeeded\n"));
  EXPECT_THAT(out_.str(), HasSubstr("a1 d-1: rolling_out -> succeeded\n"));
  // Round 1 polls both; round 2 only d-1, which was not final yet; then the instance URLs.
  ASSERT_EQ(RequestCount(), 5u);
  EXPECT_EQ(Target(1), "GET /projects/web/deployments/d-1");
  EXPECT_EQ(Target(2), "GET /projects/web/deployments/d-2");
  EXPECT_EQ(Target(3), "GET /projects/web/deployments/d-1");
  EXPECT_EQ(Target(4), "GET /projects/web/workloads");
}

TEST_F(DeploymentsCliTest, WaitPrintsEachStepAsItHappensAndTheUrlsAtTheEnd) {
  Answer("POST /projects/web/deployments", 201,
         {{"deployments", {Deployment("d-1", "a1", "queued")}}});
  json rendering = Deployment("d-1", "a1", "rolling_out");
  rendering["steps"] = {{{"name", "render"}, {"detail", "abc"}}};
  json done = Deployment("d-1", "a1", "succeeded");
  done["steps"] = {{{"name", "render"}, {"detail", "abc"}},
                   {{"name", "apply"}, {"detail", "applied 3 objects"}},
                   {{"name", "wait_healthy"}, {"detail", ""}},
                   {{"name", "prune"}, {"detail", ""}}};
  Answer("GET /projects/web/deployments/d-1", 200, rendering);
  Answer("GET /projects/web/deployments/d-1", 200, done);
  Answer("GET /projects/web/workloads", 200,
         {{"items",
           {{{"cluster", "a1"},
             {"workloads",
              {{{"component", "web"},
                {"instances", {{{"name", "web-0"}, {"url", "http://127.0.0.1:4100"}}}}}}}}}}});
  ASSERT_EQ(
      Run({"deploy", "-p", "web", "--env", "alpha", "--all", "--artifact", kDigest, "--wait"}), 0)
      << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("a1 d-1: step render done (abc)\n"
                                    "a1 d-1: queued -> rolling_out\n"
                                    "a1 d-1: step apply done (applied 3 objects)\n"
                                    "a1 d-1: step wait_healthy done\n"
                                    "a1 d-1: step prune done\n"
                                    "a1 d-1: rolling_out -> succeeded\n"
                                    "URLs:\n  a1 web-0 http://127.0.0.1:4100\n"));
}

TEST_F(DeploymentsCliTest, WaitShowsTheFailingInstancesLogsAndTheAutoRollback) {
  json queued = Deployment("d-1", "a1", "queued");
  queued["auto_rollback"] = true;
  json failed = Deployment("d-1", "a1", "failed");
  failed["auto_rollback"] = true;
  json rollback = Deployment("d-9", "a1", "queued");
  rollback["reason"] = "automatic rollback: d-1 failed";
  Answer("POST /projects/web/deployments", 201, {{"deployments", {queued}}});
  Answer("GET /projects/web/deployments/d-1", 200, failed);
  Answer("GET /projects/web/workloads", 200,
         {{"items",
           {{{"cluster", "a1"},
             {"workloads", {{{"component", "web"}, {"instances", {{{"name", "web-0"}}}}}}}}}}});
  AnswerText("GET /projects/web/workloads/a1/web-0/logs", 200, "starting\npanic: no DB_URL\n");
  Answer("GET /projects/web/deployments", 200,
         {{"items", {rollback, failed}}, {"next_cursor", nullptr}});
  Answer("GET /projects/web/deployments/d-9", 200, Deployment("d-9", "a1", "succeeded"));
  EXPECT_EQ(Run({"deploy", "-p", "web", "--env", "alpha", "--all", "--artifact", kDigest,
                 "--auto-rollback", "--wait", "--interval", "0"}),
            1);
  EXPECT_THAT(out_.str(), HasSubstr("a1 d-1: queued -> failed\n"
                                    "last log lines of web-0 (a1):\n"
                                    "  starting\n  panic: no DB_URL\n"
                                    "a1 d-1: auto-rollback started: deployment d-9 brings back "
                                    "sha256:0123456789ab\n"));
  EXPECT_THAT(out_.str(), HasSubstr("a1 d-9: queued -> succeeded\n"));
  EXPECT_THAT(err_.str(), HasSubstr("a1 d-1 failed (health check failed)"));
}

TEST_F(DeploymentsCliTest, WaitExitsOneWhenOneFails) {
  Answer("POST /projects/web/deployments", 201,
         {{"deployments", {Deployment("d-1", "a1", "queued"), Deployment("d-2", "a2", "queued")}}});
  Answer("GET /projects/web/deployments/d-1", 200, Deployment("d-1", "a1", "failed"));
  Answer("GET /projects/web/deployments/d-2", 200, Deployment("d-2", "a2", "succeeded"));
  EXPECT_EQ(Run({"deploy", "-p", "web", "--env", "alpha", "--clusters", "a1,a2", "--artifact",
                 kDigest, "--wait", "--interval", "0"}),
            1);
  EXPECT_THAT(err_.str(), HasSubstr("a1 d-1 failed (health check failed)"));
  EXPECT_THAT(err_.str(), ::testing::Not(HasSubstr("d-2")));
}

TEST_F(DeploymentsCliTest, WaitKeepsWaitingThroughApproval) {
  Answer("POST /projects/web/deployments", 201,
         {{"deployments",
           {Deployment("d-1", "kr1", "pending_approval"),
            Deployment("d-2", "jp1", "pending_approval", "jp")}}});
  Answer("GET /projects/web/deployments/d-1", 200, Deployment("d-1", "kr1", "pending_approval"));
  Answer("GET /projects/web/deployments/d-1", 200, Deployment("d-1", "kr1", "succeeded"));
  Answer("GET /projects/web/deployments/d-2", 200,
         Deployment("d-2", "jp1", "pending_approval", "jp"));
  Answer("GET /projects/web/deployments/d-2", 200, Deployment("d-2", "jp1", "rejected", "jp"));
  EXPECT_EQ(Run({"deploy", "-p", "web", "--env", "production", "--all", "--artifact", kDigest,
                 "--wait", "--interval", "0"}),
            1);
  EXPECT_THAT(out_.str(), HasSubstr("waiting for approval in region kr (kr1)"));
  EXPECT_THAT(out_.str(), HasSubstr("other than alice must run `paved deployments approve d-1`"));
  EXPECT_THAT(out_.str(), HasSubstr("region jp (jp1)"));
  EXPECT_THAT(out_.str(), HasSubstr("kr1 d-1: pending_approval -> succeeded"));
  EXPECT_THAT(out_.str(), HasSubstr("jp1 d-2: pending_approval -> rejected"));
  EXPECT_THAT(err_.str(), HasSubstr("jp1 d-2 rejected"));
  // The advice is given once, not on every poll.
  const std::string out = out_.str();
  EXPECT_EQ(out.find("region kr (kr1)"), out.rfind("region kr (kr1)"));
}

TEST_F(DeploymentsCliTest, WaitWithJsonPrintsTheFinalDeployments) {
  Answer("POST /projects/web/deployments", 201,
         {{"deployments", {Deployment("d-1", "a1", "queued")}}});
  Answer("GET /projects/web/deployments/d-1", 200, Deployment("d-1", "a1", "cancelled"));
  EXPECT_EQ(Run({"deploy", "-p", "web", "--env", "alpha", "--all", "--artifact", kDigest, "--wait",
                 "--interval", "0", "--json"}),
            1);
  json printed = json::parse(out_.str());
  EXPECT_EQ(printed["deployments"][0]["state"], "cancelled");
  EXPECT_THAT(err_.str(), HasSubstr("a1 d-1: queued -> cancelled"));
}

TEST_F(DeploymentsCliTest, ListFiltersAndPrintsATable) {
  Answer("GET /projects/web/deployments", 200,
         {{"items", {Deployment("d-1", "kr1", "succeeded")}}, {"next_cursor", nullptr}});
  EXPECT_EQ(Run({"deployments", "list", "-p", "web", "--env", "production", "--cluster", "kr1",
                 "--state", "succeeded"}),
            0)
      << err_.str();
  EXPECT_THAT(Target(0), StartsWith("GET /projects/web/deployments?"));
  EXPECT_THAT(Target(0), HasSubstr("environment=production"));
  EXPECT_THAT(Target(0), HasSubstr("cluster=kr1"));
  EXPECT_THAT(Target(0), HasSubstr("state=succeeded"));
  EXPECT_THAT(out_.str(), StartsWith("ID "));
  EXPECT_THAT(
      out_.str(),
      ContainsRegex("\nd-1 +production +kr1 +kr +sha256:0123456789ab +succeeded +0 +alice"));
  EXPECT_THAT(out_.str(), HasSubstr("2m"));  // created two minutes before now
}

TEST_F(DeploymentsCliTest, ShowWithStepsAndManifests) {
  json d = Deployment("d-1", "kr1", "succeeded");
  d["steps"] = {
      {{"name", "apply"}, {"done_at", "2026-11-24T11:59:00.000Z"}, {"detail", "3 objects"}}};
  Answer("GET /projects/web/deployments/d-1", 200, d);
  ASSERT_EQ(Run({"deployments", "show", "d-1", "-p", "web"}), 0) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("state:"));
  EXPECT_THAT(out_.str(), HasSubstr("apply"));
  EXPECT_THAT(out_.str(), HasSubstr("3 objects"));
  EXPECT_THAT(out_.str(), ::testing::Not(HasSubstr("kind: Deployment")));
  ASSERT_EQ(Run({"deployments", "show", "d-1", "-p", "web", "--manifests"}), 0);
  EXPECT_THAT(out_.str(), HasSubstr("kind: Deployment\n"));
}

TEST_F(DeploymentsCliTest, ApproveRejectCancel) {
  Answer(
      "POST /projects/web/deployments/d-1/approve", 200,
      {{"deployments", {Deployment("d-1", "kr1", "queued"), Deployment("d-3", "kr2", "queued")}}});
  Answer("POST /projects/web/deployments/d-2/reject", 403,
         {{"error", {{"code", "self_approval"}, {"message", "you requested this deployment"}}}});
  Answer("POST /projects/web/deployments/d-4/cancel", 200, Deployment("d-4", "kr1", "cancelled"));
  ASSERT_EQ(Run({"deployments", "approve", "d-1", "-p", "web", "--comment", "lgtm"}), 0);
  EXPECT_EQ(Target(0), "POST /projects/web/deployments/d-1/approve");
  EXPECT_EQ(Body(0), (json{{"comment", "lgtm"}}));
  EXPECT_THAT(out_.str(), HasSubstr("d-3"));
  EXPECT_EQ(Run({"deployments", "reject", "d-2", "-p", "web"}), 1);
  EXPECT_EQ(Body(1), json::object());
  EXPECT_THAT(err_.str(), HasSubstr("you requested this deployment"));
  ASSERT_EQ(Run({"deployments", "cancel", "d-4", "-p", "web"}), 0);
  EXPECT_EQ(Target(2), "POST /projects/web/deployments/d-4/cancel");
  EXPECT_EQ(out_.str(), "deployment d-4 cancelled\n");
}

TEST_F(DeploymentsCliTest, RollbackNeedsAReasonAndCanWait) {
  EXPECT_EQ(Run({"deployments", "rollback", "d-1", "-p", "web"}), 2);  // --reason is required
  Answer("POST /projects/web/deployments/d-1/rollback", 201,
         {{"deployments", {Deployment("d-9", "kr1", "queued")}}});
  Answer("GET /projects/web/deployments/d-9", 200, Deployment("d-9", "kr1", "rolling_out"));
  Answer("GET /projects/web/deployments/d-9", 200, Deployment("d-9", "kr1", "succeeded"));
  EXPECT_EQ(Run({"deployments", "rollback", "d-1", "-p", "web", "--reason", "errors up",
                 "--emergency", "--wait", "--interval", "0"}),
            0)
      << err_.str();
  EXPECT_EQ(Body(0), (json{{"reason", "errors up"}, {"emergency", true}}));
  EXPECT_THAT(out_.str(), HasSubstr("kr1 d-9: rolling_out -> succeeded"));
  EXPECT_EQ(RequestCount(), 4u);  // rollback, two polls, the instance URLs
}

TEST_F(DeploymentsCliTest, DiffShowsConfigSecretsAndManifests) {
  Answer("GET /projects/web/deployments/d-2/diff", 200,
         {{"from", "d-1"},
          {"to", "d-2"},
          {"manifests", "--- d-1\n+++ d-2\n-replicas: 2\n+replicas: 3\n"},
          {"config", {{{"set", "app"}, {"key", "LOG"}, {"from", "info"}, {"to", "warn"}}}},
          {"secrets", {{{"name", "db-password"}, {"from", 1}, {"to", 2}}}},
          {"spec", {{"from", 3}, {"to", 4}}},
          {"digest", {{"from", "sha256:aa"}, {"to", "sha256:bb"}}}});
  ASSERT_EQ(Run({"deployments", "diff", "d-2", "-p", "web", "--against", "d-1"}), 0) << err_.str();
  EXPECT_EQ(Target(0), "GET /projects/web/deployments/d-2/diff?against=d-1");
  EXPECT_THAT(out_.str(), HasSubstr("digest:      sha256:aa -> sha256:bb"));
  EXPECT_THAT(out_.str(), HasSubstr("spec:        3 -> 4"));
  EXPECT_THAT(out_.str(), HasSubstr("app   LOG   info   warn"));
  EXPECT_THAT(out_.str(), HasSubstr("db-password   1      2"));
  EXPECT_THAT(out_.str(), HasSubstr("+replicas: 3\n"));
  ASSERT_EQ(Run({"deployments", "diff", "d-2", "-p", "web"}), 0);
  EXPECT_EQ(Target(1), "GET /projects/web/deployments/d-2/diff");
}

TEST_F(DeploymentsCliTest, DiffOfTheFirstDeploymentOnAClusterIsNoFailure) {
  Answer("GET /projects/web/deployments/d-1/diff", 404,
         {{"error",
           {{"code", "not_found"},
            {"message", "no earlier succeeded deployment on kr1; give ?against="},
            {"field", "against"}}}});
  ASSERT_EQ(Run({"deployments", "diff", "d-1", "-p", "web"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "");
  EXPECT_THAT(err_.str(), HasSubstr("nothing to compare d-1 with: no earlier succeeded"));
  EXPECT_EQ(Run({"deployments", "diff", "d-1", "-p", "web", "--against", "d-0"}), 1);
}

TEST_F(DeploymentsCliTest, Approvals) {
  Answer("GET /approvals", 200, {{"items", {Deployment("d-1", "kr1", "pending_approval")}}});
  ASSERT_EQ(Run({"approvals"}), 0) << err_.str();
  EXPECT_THAT(out_.str(), StartsWith("ID "));
  EXPECT_THAT(out_.str(),
              ContainsRegex("\nd-1 +web +production +kr1 +kr +sha256:0123456789ab +alice"));
  EXPECT_THAT(out_.str(), HasSubstr("ship it"));
}

TEST_F(DeploymentsCliTest, NoApprovals) {
  Answer("GET /approvals", 200, {{"items", json::array()}});
  ASSERT_EQ(Run({"approvals"}), 0);
  EXPECT_EQ(out_.str(), "");
  EXPECT_THAT(err_.str(), HasSubstr("no deployments wait for your approval"));
}

TEST_F(DeploymentsCliTest, CommandsOnOneDeploymentFindTheProjectFromTheId) {
  Answer("GET /deployments/d-1", 200, Deployment("d-1", "kr1", "pending_approval"));
  Answer("POST /projects/web/deployments/d-1/approve", 200,
         {{"deployments", {Deployment("d-1", "kr1", "queued")}}});
  Answer("GET /projects/web/deployments/d-1/diff", 200,
         {{"from", "d-0"}, {"to", "d-1"}, {"manifests", ""}});
  Answer("POST /projects/web/deployments/d-1/rollback", 201,
         {{"deployments", {Deployment("d-9", "kr1", "queued")}}});
  ASSERT_EQ(Run({"deployments", "approve", "d-1"}), 0) << err_.str();
  EXPECT_EQ(Target(0), "GET /deployments/d-1");
  EXPECT_EQ(Target(1), "POST /projects/web/deployments/d-1/approve");
  ASSERT_EQ(Run({"deployments", "diff", "d-1"}), 0) << err_.str();
  EXPECT_EQ(Target(3), "GET /projects/web/deployments/d-1/diff");
  ASSERT_EQ(Run({"deployments", "rollback", "d-1", "-m", "errors up"}), 0) << err_.str();
  EXPECT_EQ(Target(5), "POST /projects/web/deployments/d-1/rollback");
  ASSERT_EQ(Run({"deployments", "show", "d-2"}), 1);  // unknown id: the server's 404
  EXPECT_EQ(RequestCount(), 7u);
}

TEST_F(DeploymentsCliTest, ProjectComesFromTheEnvironment) {
  setenv("PAVED_PROJECT", "web", 1);
  Answer("GET /projects/web/deployments", 200, {{"items", json::array()}});
  EXPECT_EQ(Run({"deployments", "list"}), 0) << err_.str();
  EXPECT_THAT(Target(0), StartsWith("GET /projects/web/deployments"));
  unsetenv("PAVED_PROJECT");
}

}  // namespace
}  // namespace paved::cli
