// The rollout commands (artifact push, deploy, deployments, approvals) run as a user would:
// `paved serve` on 127.0.0.1:0 with a temporary SQLite data dir and the local runtime.
#include "cli/testing/cli_end_to_end_fixture.h"

namespace {

using CliDeployEndToEndTest = paved::cli::testing::CliEndToEndTest;
using paved::cli::testing::RunResult;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// A project whose web service runs on the local runtime (python3's HTTP server).
constexpr char kSpec[] =
    "apiVersion: paved.dev/v1\n"
    "services:\n"
    "  web:\n"
    "    image: registry.example.com/cli-deploy-web\n"
    "    port: 8080\n"
    "    replicas: {alpha: 1, production: 2}\n"
    "    health: {path: /}\n"
    "local:\n"
    "  web: {command: [python3, -m, http.server, \"${PORT}\"]}\n";
constexpr char kDigest[] =
    "sha256:2222222222222222222222222222222222222222222222222222222222222222";

class CliDeployFlowTest : public CliDeployEndToEndTest {
 protected:
  void SetUp() override {
    LogIn();
    RunResult run = Paved({"teams", "create", "deploy-team", "--name", "deploy team"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    run = Paved(
        {"projects", "create", "cli-deploy", "--name", "cli-deploy", "--owner", "deploy-team"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const std::string path = *dir_ + "/paved.yaml";
    std::ofstream(path) << kSpec;
    run = Paved({"spec", "push", path, "-p", "cli-deploy"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
};

TEST_F(CliDeployFlowTest, PushDeployWaitApproveAndCancel) {
  const std::vector<std::string> push = {"artifact",  "push",
                                         "-p",        "cli-deploy",
                                         "--image",   "registry.example.com/cli-deploy-web",
                                         "--digest",  kDigest,
                                         "--git-sha", "abc123"};
  RunResult run = Paved(push);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr(" pushed\n"));
  run = Paved(push);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("already pushed"));

  // Production before alpha is refused.
  run = Paved({"deploy", "-p", "cli-deploy", "--env", "production", "--clusters",
               "local-production", "--artifact", kDigest, "--reason", "too early"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, StartsWith("error: "));

  run = Paved({"deploy", "-p", "cli-deploy", "--env", "alpha", "--clusters", "local-alpha",
               "--artifact", kDigest, "-m", "first", "--wait"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("-> succeeded\n"));
  for (const char* step : {"render", "apply", "wait_healthy", "prune"}) {
    EXPECT_THAT(run.out, HasSubstr(std::string(": step ") + step + " done")) << run.out;
  }
  EXPECT_THAT(run.out, ContainsRegex("URLs:\n  local-alpha [^ ]+ http://"));

  // What runs where, with each instance's URL; its logs.
  run = Paved({"status", "-p", "cli-deploy"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("local-alpha"));
  EXPECT_THAT(run.out, ContainsRegex("web +[^ ]+ +[a-z]+ +[0-9]+ +http://127.0.0.1:[0-9]+"));
  run = Paved({"logs", "-p", "cli-deploy", "--cluster", "local-alpha"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  run = Paved({"artifact", "list", "-p", "cli-deploy"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr(std::string(kDigest)));
  EXPECT_THAT(run.out, HasSubstr("alpha=succeeded"));
  run = Paved({"timeline", "-p", "cli-deploy", "--since", "1h"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("deployment.succeeded"));

  run = Paved({"deployments", "list", "-p", "cli-deploy", "--env", "alpha", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json list = nlohmann::json::parse(run.out);
  ASSERT_EQ(list["items"].size(), 1u);
  const std::string alpha_id = list["items"][0]["id"];
  EXPECT_EQ(list["items"][0]["state"], "succeeded");
  run = Paved({"deployments", "show", alpha_id, "-p", "cli-deploy", "--manifests"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("kind: Deployment"));

  // Production waits for someone else's approval.
  run = Paved({"deploy", "-p", "cli-deploy", "--env", "production", "--clusters",
               "local-production", "--artifact", kDigest, "--reason", "ship"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  run = Paved({"deployments", "list", "-p", "cli-deploy", "--state", "pending_approval", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string prod_id = nlohmann::json::parse(run.out)["items"][0]["id"];
  // Ids are global: no -p needed.
  run = Paved({"deployments", "approve", prod_id});
  EXPECT_EQ(run.exit_code, 1);  // never one's own request
  EXPECT_THAT(run.err, HasSubstr("error: "));
  EXPECT_THAT(run.err, Not(HasSubstr("project")));
  run = Paved({"deployments", "diff", prod_id});  // the first on its cluster
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("deployments: (none: the first on its cluster) -> " + prod_id));
  run = Paved({"deployments", "show", prod_id});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("pending_approval"));
  run = Paved({"deployments", "cancel", prod_id});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "deployment " + prod_id + " cancelled\n");

  run = Paved({"approvals", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(nlohmann::json::parse(run.out)["items"].is_array());
}

}  // namespace
