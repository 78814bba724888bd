// `paved catalog ...` and `paved projects transfer` against a fake API.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "cli/catalog_output.h"
#include "cli/cli.h"
#include "cli/testing/fake_http_client.h"
#include "cli/testing/test_run.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paved::cli {
namespace {

using ::testing::HasSubstr;

constexpr char kServer[] = "http://paved.test";
const absl::Time kNow = testing::kTestNow;

TEST(RenderOwnerTest, ShowsTeamLeadAndOnCall) {
  const nlohmann::json owner = nlohmann::json::parse(R"({
    "team": {"slug": "ads", "name": "Ads", "chat_channel": "#ads", "oncall": "ads-pager",
             "status": "active"},
    "lead": {"login": "kim", "email": "kim@example.com"},
    "project": "ads-api", "oncall": "ads-api-pager"})");
  EXPECT_EQ(RenderOwner(owner),
            "Team:          ads (Ads)\n"
            "Status:        active\n"
            "Chat channel:  #ads\n"
            "On-call:       ads-api-pager\n"
            "Lead:          kim <kim@example.com>\n"
            "Project:       ads-api\n");
}

TEST(RenderOwnerTest, FallsBackToTheTeamsOnCallAndShowsNoLead) {
  const nlohmann::json owner = nlohmann::json::parse(R"({
    "team": {"slug": "ads", "name": "ads", "chat_channel": "", "oncall": "ads-pager",
             "status": "dissolved"},
    "lead": null, "project": null, "oncall": ""})");
  const std::string text = RenderOwner(owner);
  EXPECT_THAT(text, HasSubstr("Team:          ads\n"));
  EXPECT_THAT(text, HasSubstr("Status:        dissolved\n"));
  EXPECT_THAT(text, HasSubstr("On-call:       ads-pager\n"));
  EXPECT_THAT(text, HasSubstr("Lead:\n"));
}

TEST(RenderOrphansTest, OneRowPerOrphanWithItsAge) {
  const nlohmann::json items = nlohmann::json::parse(R"([
    {"kind": "project", "id": "old-web", "name": "Old web", "reason": "owner team ads was dissolved",
     "since": "2026-11-21T12:00:00Z", "last_owner": "ads"},
    {"kind": "resource", "id": "arn:aws:s3:::logs", "name": "logs", "reason": "no owner tag",
     "since": "2026-11-24T09:00:00Z", "last_owner": null}])");
  EXPECT_EQ(RenderOrphans(items, kNow),
            "KIND       ID                  NAME      LAST OWNER   AGE   REASON\n"
            "project    old-web             Old web   ads          3d    owner team ads was "
            "dissolved\n"
            "resource   arn:aws:s3:::logs   logs                   3h    no owner tag\n");
}

TEST(RenderJobStartedTest, NamesTheJobAndItsState) {
  EXPECT_EQ(RenderJobStarted("HR sync", {{"job", {{"id", "j1"}, {"state", "queued"}}}}),
            "HR sync job j1 queued\n");
  EXPECT_EQ(RenderJobStarted("HR sync", {{"job", {{"id", "j2"}}}}), "HR sync job j2 started\n");
}

// Answers the catalog routes the way docs/catalog.md describes them.
http::ClientResponse FakeCatalog(const FakeHttpClient::Request& request) {
  absl::string_view url = request.url;
  absl::ConsumePrefix(&url, std::string(kServer) + "/api/v1");
  const std::string route = request.method + " " + std::string(url);
  if (absl::StartsWith(route, "POST /catalog/import")) {
    if (absl::StrContains(request.body, "broken")) {
      return JsonResponse(422, R"({"location":null,"created":[],"updated":[],"unchanged":[],
        "orphaned":[],"errors":[{"document":1,"line":3,"field":"spec.owner",
        "message":"document 1 (Component web), line 3: spec.owner is required"}]})");
    }
    return JsonResponse(200, R"({"location":null,"created":["component:default/web"],
      "updated":[],"unchanged":["group:default/ads"],"orphaned":[],"errors":[]})");
  }
  if (route == "GET /catalog/export") {
    return {200, {{"Content-Type", "application/yaml"}}, "kind: Component\n---\nkind: Group\n"};
  }
  if (route == "GET /projects/web/catalog-info.yaml") {
    return {200, {{"Content-Type", "application/yaml"}}, "kind: Component\n"};
  }
  if (route == "POST /catalog/sync") {
    return JsonResponse(202, R"({"job":{"id":"j9","state":"queued"}})");
  }
  if (route == "GET /catalog/orphans") return JsonResponse(200, R"({"items":[]})");
  if (route == "GET /catalog/owner?namespace=web&cluster=prod") {
    return JsonResponse(200, R"({"team":{"slug":"ads","name":"Ads","chat_channel":"#ads",
      "oncall":"","status":"active"},"lead":null,"project":"web","oncall":"pager"})");
  }
  if (route == "POST /projects/web/transfer") {
    return JsonResponse(200, R"({"slug":"web","owner_team":"infra"})");
  }
  return JsonResponse(404, R"({"error":{"code":"not_found","message":"nothing matches"}})");
}

class CatalogCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/paved-catalog-cmd-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  int Run(std::vector<std::string> args) {
    CliEnv env = testing::TestEnv(&http_, &out_, &err_);
    env.credentials_path = [this]() -> absl::StatusOr<std::string> {
      return dir_ + "/config.json";
    };
    args.insert(args.begin(), {"--server", kServer, "--token", "pvd_t"});
    return testing::RunPaved(std::move(env), std::move(args));
  }

  const FakeHttpClient::Request& LastRequest() const { return http_.requests().back(); }

  FakeHttpClient http_{FakeCatalog};
  std::ostringstream out_, err_;
  std::string dir_;
};

TEST_F(CatalogCommandTest, ImportSendsALocalFileAsYaml) {
  std::ofstream(dir_ + "/catalog-info.yaml") << "kind: Component\n";
  ASSERT_EQ(Run({"catalog", "import", dir_ + "/catalog-info.yaml", "--dry-run"}), 0) << err_.str();
  EXPECT_EQ(LastRequest().method, "POST");
  // The file is its own location, so importing another file orphans nothing of this one.
  EXPECT_EQ(LastRequest().url, std::string(kServer) +
                                   "/api/v1/catalog/import?dry_run=true&location=" +
                                   http::UrlEncode("cli:" + dir_ + "/catalog-info.yaml"));
  EXPECT_EQ(LastRequest().Header("Content-Type"), "application/yaml");
  EXPECT_EQ(LastRequest().body, "kind: Component\n");
  EXPECT_EQ(out_.str(),
            "component:default/web created\n"
            "group:default/ads unchanged\n"
            "1 created, 0 updated, 1 unchanged, 0 orphaned (dry run: nothing was changed)\n");
}

TEST_F(CatalogCommandTest, ImportHandsAUrlToTheServer) {
  ASSERT_EQ(Run({"catalog", "import", "git+https://git.example.com/ads.git"}), 0) << err_.str();
  EXPECT_EQ(LastRequest().url, std::string(kServer) + "/api/v1/catalog/import");
  EXPECT_EQ(LastRequest().Header("Content-Type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(LastRequest().body),
            nlohmann::json({{"url", "git+https://git.example.com/ads.git"}}));
}

TEST_F(CatalogCommandTest, ImportErrorsAreShownWithTheirFileAndFailTheCommand) {
  std::filesystem::create_directories(dir_ + "/repo");
  std::ofstream(dir_ + "/repo/catalog-info.yaml") << "kind: Component\nbroken: true\nspec: {}\n";
  EXPECT_EQ(Run({"catalog", "import", dir_ + "/repo"}), 1);
  EXPECT_EQ(err_.str(), "error: document 1 (Component web), line 3: spec.owner is required (" +
                            dir_ + "/repo/catalog-info.yaml:3)\n");
  EXPECT_THAT(out_.str(), HasSubstr("1 error: nothing was imported"));
}

TEST_F(CatalogCommandTest, ImportOfAMissingFileSendsNothing) {
  EXPECT_EQ(Run({"catalog", "import", dir_ + "/missing.yaml"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("no such file or directory"));
  EXPECT_TRUE(http_.requests().empty());
}

TEST_F(CatalogCommandTest, ExportPrintsYamlOrWritesAFile) {
  ASSERT_EQ(Run({"catalog", "export"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "kind: Component\n---\nkind: Group\n");
  EXPECT_EQ(LastRequest().Header("Accept"), "application/yaml");

  const std::string file = dir_ + "/web.yaml";
  ASSERT_EQ(Run({"catalog", "export", "--project", "web", "-o", file}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "");
  std::ifstream in(file);
  std::stringstream written;
  written << in.rdbuf();
  EXPECT_EQ(written.str(), "kind: Component\n");
}

TEST_F(CatalogCommandTest, SyncPrintsTheJob) {
  ASSERT_EQ(Run({"catalog", "sync"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "HR sync job j9 queued\n");
}

TEST_F(CatalogCommandTest, NoOrphansIsSaidOnStderr) {
  ASSERT_EQ(Run({"catalog", "orphans"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(), "No orphans found.\n");
}

TEST_F(CatalogCommandTest, OwnerNeedsExactlyOneSubject) {
  ASSERT_EQ(Run({"catalog", "owner", "--namespace", "web", "--cluster", "prod"}), 0) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("On-call:       pager\n"));
  // -p like everywhere: accepted (not a usage error, 2); the canned server knows no such owner.
  EXPECT_EQ(Run({"catalog", "owner", "-p", "web"}), 1);

  EXPECT_EQ(Run({"catalog", "owner", "--namespace", "web", "--project", "web"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("exactly one of"));
  EXPECT_EQ(Run({"catalog", "owner", "--cluster", "prod", "--project", "web"}), 2);
  EXPECT_EQ(Run({"catalog", "owner", "--resource", "arn:none"}), 1);
  EXPECT_EQ(err_.str(), "error: nothing matches\n");
}

TEST_F(CatalogCommandTest, TransferPostsTheTeamAndReason) {
  ASSERT_EQ(Run({"projects", "transfer", "web", "--to", "infra", "--reason", "reorg"}), 0)
      << err_.str();
  EXPECT_EQ(out_.str(), "project/web transferred to infra\n");
  EXPECT_EQ(nlohmann::json::parse(LastRequest().body),
            nlohmann::json({{"to_team", "infra"}, {"reason", "reorg"}}));
  EXPECT_EQ(Run({"projects", "transfer", "web", "--to", "infra"}), 2);  // --reason is required
}

}  // namespace
}  // namespace paved::cli
