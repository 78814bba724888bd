// `paved spec ...`, `paved render` and `paved policy ...` against canned API answers.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli/testing/deploy_cli_fixture.h"
#include "gmock/gmock.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;
using testing::DeployCliTest;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kSpec[] = "apiVersion: paved.dev/v1\nservices:\n  web: {image: r/web, port: 8080}\n";

class SpecCommandTest : public DeployCliTest {
 protected:
  void SetUp() override {
    DeployCliTest::SetUp();
    char pattern[] = "/tmp/paved-spec-cli-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    spec_path_ = dir_ + "/paved.yaml";
    std::ofstream(spec_path_) << kSpec;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_, spec_path_;
};

std::string SpecVersion(int version) {
  return json{{"project", "chat"}, {"version", version}, {"yaml", kSpec},
              {"author", "kim"},   {"message", "m"},     {"created_at", "2026-11-24T11:00:00Z"}}
      .dump();
}

TEST_F(SpecCommandTest, PushSendsTheYamlAndNamesTheNewVersion) {
  Answer("PUT /projects/chat/spec", 201, SpecVersion(3));
  ASSERT_EQ(Run({"spec", "push", spec_path_, "-p", "chat", "-m", "more replicas"}), 0)
      << err_.str();
  EXPECT_EQ(out_.str(), "spec v3 pushed\n");
  ASSERT_EQ(requests().size(), 1u);
  EXPECT_EQ(Target(0), "PUT /projects/chat/spec?message=more%20replicas");
  EXPECT_EQ(requests()[0].body, kSpec);
  EXPECT_EQ(requests()[0].Header("Content-Type"), "application/yaml");
}

TEST_F(SpecCommandTest, PushOfTheSameSpecSaysUnchanged) {
  Answer("PUT /projects/chat/spec", 200, SpecVersion(3));
  ASSERT_EQ(Run({"spec", "push", spec_path_, "--project", "chat"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "unchanged (v3)\n");
  EXPECT_EQ(Target(0), "PUT /projects/chat/spec");
}

TEST_F(SpecCommandTest, InvalidSpecIsReportedCompilerStyleAndExitsOne) {
  Answer("PUT /projects/chat/spec", 422, R"({"error":{"code":"invalid_spec",
    "message":"line 3, column 8: services.web.foo: unknown key","field":"services.web.foo",
    "line":3,"column":8,"errors":[
      {"line":3,"column":8,"field":"services.web.foo","message":"unknown key"},
      {"line":4,"column":3,"field":"services.web.port","message":"must be 1-65535"}]}})");
  EXPECT_EQ(Run({"spec", "push", spec_path_, "-p", "chat"}), 1);
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(), spec_path_ + ":3:8: services.web.foo: unknown key\n" + spec_path_ +
                            ":4:3: services.web.port: must be 1-65535\n"
                            "error: " +
                            spec_path_ + " is not a valid app spec\n");
}

TEST_F(SpecCommandTest, OtherRejectionsAreOrdinaryErrors) {
  Answer("PUT /projects/chat/spec", 403,
         R"({"error":{"code":"forbidden","message":"not a writer of chat"}})");
  EXPECT_EQ(Run({"spec", "push", spec_path_, "-p", "chat"}), 1);
  EXPECT_EQ(err_.str(), "error: not a writer of chat\n");
}

TEST_F(SpecCommandTest, PushReadsStdinForDash) {
  stdin_ = kSpec;
  Answer("PUT /projects/chat/spec", 201, SpecVersion(1));
  ASSERT_EQ(Run({"spec", "push", "-", "-p", "chat"}), 0) << err_.str();
  EXPECT_EQ(requests()[0].body, kSpec);
}

TEST_F(SpecCommandTest, PushOfAMissingFileSendsNothing) {
  EXPECT_EQ(Run({"spec", "push", dir_ + "/nope.yaml", "-p", "chat"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("nope.yaml"));
  EXPECT_TRUE(requests().empty());
}

TEST_F(SpecCommandTest, ProjectIsRequiredAndMayComeFromTheEnvironment) {
  EXPECT_EQ(Run({"spec", "push", spec_path_}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("--project"));
  setenv("PAVED_PROJECT", "chat", 1);
  Answer("PUT /projects/chat/spec", 201, SpecVersion(2));
  EXPECT_EQ(Run({"spec", "push", spec_path_}), 0) << err_.str();
  unsetenv("PAVED_PROJECT");
}

TEST_F(SpecCommandTest, ShowPrintsTheYamlOfAVersion) {
  Answer("GET /projects/chat/spec", 200, SpecVersion(2));
  ASSERT_EQ(Run({"spec", "show", "-p", "chat", "--version", "2"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), kSpec);
  EXPECT_EQ(Target(0), "GET /projects/chat/spec?version=2");
  ASSERT_EQ(Run({"spec", "show", "-p", "chat"}), 0) << err_.str();
  EXPECT_EQ(Target(1), "GET /projects/chat/spec");
  EXPECT_EQ(Run({"spec", "show", "-p", "chat", "--version", "0"}), 2);
}

TEST_F(SpecCommandTest, DiffPrintsTheUnifiedDiff) {
  const std::string diff = "--- v1\n+++ v2\n@@ -1 +1 @@\n-a: 1\n+a: 2\n";
  Answer("GET /projects/chat/spec/diff", 200,
         json{{"from", 1}, {"to", 2}, {"diff", diff}, {"lines", json::array()}}.dump());
  ASSERT_EQ(Run({"spec", "diff", "-p", "chat", "--from", "1", "--to", "2"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), diff);
  EXPECT_EQ(Target(0), "GET /projects/chat/spec/diff?from=1&to=2");
  ASSERT_EQ(Run({"spec", "diff", "-p", "chat"}), 0) << err_.str();
  EXPECT_EQ(Target(1), "GET /projects/chat/spec/diff");
}

TEST_F(SpecCommandTest, EmptyDiffSaysSo) {
  Answer("GET /projects/chat/spec/diff", 200,
         json{{"from", 2}, {"to", 2}, {"diff", ""}, {"lines", json::array()}}.dump());
  ASSERT_EQ(Run({"spec", "diff", "-p", "chat", "--from", "2", "--to", "2"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(), "No differences between v2 and v2.\n");
}

TEST_F(SpecCommandTest, VersionsListsNewestFirst) {
  Answer(
      "GET /projects/chat/spec/versions", 200,
      R"({"items":[{"version":2,"author":"kim","message":"port","created_at":"2026-11-24T10:00:00Z"},
           {"version":1,"author":"ann","message":"","created_at":"2026-11-22T12:00:00Z"}],
           "next_cursor":null})");
  ASSERT_EQ(Run({"spec", "versions", "-p", "chat"}), 0) << err_.str();
  EXPECT_EQ(out_.str(),
            "VERSION   AUTHOR   AGE   MESSAGE\n"
            "2         kim      2h    port\n"
            "1         ann      2d\n");
  EXPECT_EQ(Target(0), "GET /projects/chat/spec/versions?limit=100");
}

TEST_F(SpecCommandTest, RenderAsksForYamlAndPrintsIt) {
  const std::string yaml = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: chat\n";
  AnswerYaml("GET /projects/chat/manifests", yaml);
  ASSERT_EQ(Run({"render", "-p", "chat", "--env", "production", "--cluster", "prod-eu", "--digest",
                 "sha256:abc", "--version", "4"}),
            0)
      << err_.str();
  EXPECT_EQ(out_.str(), yaml);
  EXPECT_EQ(Target(0),
            "GET /projects/chat/manifests?env=production&cluster=prod-eu&version=4&digest="
            "sha256%3Aabc&format=yaml");
  EXPECT_EQ(requests()[0].Header("Accept"), "application/yaml");
}

TEST_F(SpecCommandTest, RenderJsonAsksForTheJsonAnswer) {
  Answer("GET /projects/chat/manifests", 200, R"({"project":"chat","objects":[],"yaml":""})");
  ASSERT_EQ(Run({"render", "-p", "chat", "--json"}), 0) << err_.str();
  EXPECT_EQ(json::parse(out_.str())["project"], "chat");
  EXPECT_EQ(Target(0), "GET /projects/chat/manifests");
}

TEST_F(SpecCommandTest, RenderErrorsReachTheUser) {
  Answer("GET /projects/chat/manifests", 404,
         R"({"error":{"code":"not_found","message":"project chat has no spec"}})");
  EXPECT_EQ(Run({"render", "-p", "chat"}), 1);
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(), "error: project chat has no spec\n");
}

const char kBlocking[] = R"({"findings":[
  {"rule":"latest-tag","severity":"error","object":"Deployment/x/web",
   "path":"spec.template.spec.containers[0].image","message":"uses :latest",
   "how_to_fix":"pin a digest","excepted":false}],"blocking":true})";

TEST_F(SpecCommandTest, PolicyCheckPostsTheYamlAndExitsOneWhenBlocking) {
  std::ofstream(dir_ + "/deploy.yaml") << "kind: Deployment\n";
  Answer("POST /policy/check", 200, kBlocking);
  EXPECT_EQ(Run({"policy", "check", dir_ + "/deploy.yaml", "--env", "production"}), 1);
  EXPECT_EQ(Target(0), "POST /policy/check?environment=production");
  EXPECT_EQ(requests()[0].body, "kind: Deployment\n");
  EXPECT_EQ(requests()[0].Header("Content-Type"), "application/yaml");
  EXPECT_THAT(out_.str(), StartsWith("SEVERITY   RULE         OBJECT"));
  EXPECT_THAT(out_.str(), HasSubstr("\nerror      latest-tag   Deployment/x/web"));
  EXPECT_THAT(out_.str(), HasSubstr("How to fix:\n  latest-tag: pin a digest\n"));
  EXPECT_THAT(out_.str(), HasSubstr("\n1 error: blocking\n"));
  EXPECT_EQ(err_.str(), "");
}

TEST_F(SpecCommandTest, PolicyCheckPassesWithWarningsOnly) {
  std::ofstream(dir_ + "/ok.yaml") << "kind: Service\n";
  Answer("POST /policy/check", 200, R"({"findings":[],"blocking":false})");
  EXPECT_EQ(Run({"policy", "check", dir_ + "/ok.yaml"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "no findings\n");
  EXPECT_EQ(Target(0), "POST /policy/check");
}

TEST_F(SpecCommandTest, PolicyCheckJsonKeepsTheExitCode) {
  std::ofstream(dir_ + "/deploy.yaml") << "kind: Deployment\n";
  Answer("POST /policy/check", 200, kBlocking);
  EXPECT_EQ(Run({"policy", "check", dir_ + "/deploy.yaml", "--json"}), 1);
  EXPECT_EQ(json::parse(out_.str())["blocking"], true);
}

TEST_F(SpecCommandTest, PolicyCheckOfBrokenYamlIsAnError) {
  std::ofstream(dir_ + "/bad.yaml") << "a: [\n";
  Answer("POST /policy/check", 422,
         R"({"error":{"code":"invalid_yaml","message":"document 1, line 2: bad","field":"yaml"}})");
  EXPECT_EQ(Run({"policy", "check", dir_ + "/bad.yaml"}), 1);
  EXPECT_EQ(err_.str(), "error: document 1, line 2: bad (field: yaml)\n");
}

TEST_F(SpecCommandTest, PolicyShowListsFindingsAndExceptions) {
  Answer("GET /projects/chat/policy", 200, R"({"environment":"production","cluster":"prod-eu",
    "findings":[{"rule":"latest-tag","severity":"error","object":"Deployment/chat/web",
      "path":"p","message":"uses :latest","how_to_fix":"","excepted":true,"exception":"legacy"}],
    "blocking":false,"exceptions":[{"id":"1","rule":"latest-tag","reason":"legacy",
      "approved_by":"sre-ann","expires_at":"2026-12-01T00:00:00Z","active":true}]})");
  ASSERT_EQ(Run({"policy", "show", "-p", "chat", "--env", "production", "--cluster", "prod-eu"}), 0)
      << err_.str();
  EXPECT_EQ(Target(0), "GET /projects/chat/policy?env=production&cluster=prod-eu");
  EXPECT_THAT(out_.str(), HasSubstr("error (excepted)   latest-tag"));
  EXPECT_THAT(out_.str(), HasSubstr("\nExceptions:\nID   RULE         ACTIVE   APPROVED BY"));
  EXPECT_THAT(out_.str(), HasSubstr("\n1    latest-tag   yes      sre-ann"));
  EXPECT_THAT(out_.str(), HasSubstr("\n1 excepted: not blocking\n"));
}

}  // namespace
}  // namespace paved::cli
