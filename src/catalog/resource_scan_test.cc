#include "catalog/resource_scan.h"

#include "catalog/testing/resource_test_fixture.h"

namespace paved::catalog {
namespace {

using testing::ResourceFixture;

EnvLookup NoEnv() {
  return [](const std::string&) { return std::string(); };
}

TEST(ParseDurationTest, AcceptsUnitsAndRejectsNonsense) {
  EXPECT_EQ(*ParseDurationMs("30s"), 30'000);
  EXPECT_EQ(*ParseDurationMs("10m"), 600'000);
  EXPECT_EQ(*ParseDurationMs("1h"), 3'600'000);
  EXPECT_EQ(*ParseDurationMs("1h30m"), 5'400'000);
  EXPECT_EQ(*ParseDurationMs("250ms"), 250);
  EXPECT_EQ(*ParseDurationMs("90"), 90'000);
  for (const char* bad : {"", "h", "10x", "-5", "0s", "1.5h"}) {
    SCOPED_TRACE(bad);
    EXPECT_CODE(ParseDurationMs(bad), kInvalidArgument);
  }
}

TEST(ParseArnTest, SplitsTypeAndName) {
  auto a = ParseArn("arn:aws:elasticache:ap-northeast-2:123456789012:cluster:chat");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->service, "elasticache");
  EXPECT_EQ(a->region, "ap-northeast-2");
  EXPECT_EQ(a->account, "123456789012");
  EXPECT_EQ(a->type, "elasticache:cluster");
  EXPECT_EQ(a->name, "chat");
  auto i = ParseArn("arn:aws:ec2:us-east-1:123456789012:instance/i-0abc");
  ASSERT_TRUE(i);
  EXPECT_EQ(i->type, "ec2:instance");
  EXPECT_EQ(i->name, "i-0abc");
  auto s3 = ParseArn("arn:aws:s3:::bucket");
  ASSERT_TRUE(s3);
  EXPECT_EQ(s3->type, "s3");
  EXPECT_EQ(s3->name, "bucket");
  EXPECT_EQ(s3->region, "");
  EXPECT_FALSE(ParseArn("not-an-arn"));
  EXPECT_FALSE(ParseArn("arn:aws:s3"));
}

TEST(CloudResourceConfigTest, ParsesAccountsAndFallsBackToTheEnvironment) {
  nlohmann::json file = nlohmann::json::parse(R"({"catalog": {
      "tag_keys": {"team": "owner", "project": "app"},
      "aws": {"endpoint": "http://127.0.0.1:1", "interval": "10m",
              "accounts": [{"id": 123456789012, "regions": ["us-east-1"]}]}}})");
  auto env = [](const std::string& name) -> std::string {
    if (name == "AWS_ACCESS_KEY_ID") return "AKIDENV";
    if (name == "AWS_SECRET_ACCESS_KEY") return "env-secret";
    if (name == "AWS_SESSION_TOKEN") return "env-token";
    return "";
  };
  auto c = ParseCloudResourceConfig(file, env);
  ASSERT_OK(c);
  EXPECT_EQ(c->team_tag, "owner");
  EXPECT_EQ(c->project_tag, "app");
  EXPECT_EQ(c->interval_ms, 600'000);
  ASSERT_EQ(c->accounts.size(), 1u);
  EXPECT_EQ(c->accounts[0].id, "123456789012");
  EXPECT_EQ(c->accounts[0].credentials.access_key_id, "AKIDENV");
  EXPECT_EQ(c->accounts[0].credentials.session_token, "env-token");

  auto empty = ParseCloudResourceConfig(nlohmann::json::object(), NoEnv());
  ASSERT_OK(empty);
  EXPECT_TRUE(empty->accounts.empty());
  EXPECT_EQ(empty->team_tag, "team");
}

TEST(CloudResourceConfigTest, BadValuesNameTheKeyAndNeverTheSecret) {
  struct Case {
    std::string json, key;
  };
  std::vector<Case> cases = {
      {R"({"catalog": {"aws": {"interval": "soon"}}})", "catalog.aws.interval"},
      {R"({"catalog": {"aws": {"accounts": [{"id": "12", "regions": ["us-east-1"]}]}}})",
       "catalog.aws.accounts[0].id"},
      {R"({"catalog": {"aws": {"accounts": [{"id": "123456789012", "regions": []}]}}})",
       "catalog.aws.accounts[0].regions"},
      {R"({"catalog": {"aws": {"accounts": [{"id": "123456789012", "regions": ["us-east-1"],
           "secret_access_key": "TopSecretValue"}]}}})",
       "catalog.aws.accounts[0]"},
      {R"({"catalog": {"tag_keys": {"team": 5}}})", "catalog.tag_keys.team"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseCloudResourceConfig(nlohmann::json::parse(c.json), NoEnv());
    EXPECT_CODE(parsed, kInvalidArgument);
    std::string message(parsed.status().message());
    EXPECT_NE(message.find(c.key), std::string::npos) << message;
    EXPECT_EQ(message.find("TopSecretValue"), std::string::npos) << message;
  }
}

class ResourceScanTest : public ResourceFixture {
 protected:
  std::unique_ptr<ResourceScanner> Scanner() {
    auto c = ParseCloudResourceConfig(Config(), NoEnv());
    EXPECT_OK(c);
    return std::make_unique<ResourceScanner>(ScannerDeps{.store = store_.get(),
                                                         .audit = audit_.get(),
                                                         .resources = resources_.get(),
                                                         .teams = teams_.get(),
                                                         .projects = projects_.get(),
                                                         .clock = &clock_},
                                             *c);
  }
  CloudResource Get(const std::string& id) {
    auto r = resources_->Find(id);
    EXPECT_OK(r);
    EXPECT_TRUE(r.ok() && r->has_value()) << id;
    return r.ok() && r->has_value() ? **r : CloudResource{};
  }
};

TEST_P(ResourceScanTest, OwnersComeFromTeamTagsHrIdsAndProjects) {
  AddSampleResources();
  auto summary = Scanner()->Run(nullptr);
  ASSERT_OK(summary);
  EXPECT_EQ(summary->regions, 2);
  EXPECT_EQ(summary->resources, 7);
  EXPECT_EQ(summary->owned, 4);
  EXPECT_EQ(summary->orphaned, 3);
  EXPECT_EQ(summary->with_project, 2);

  CloudResource redis = Get("arn:aws:elasticache:us-east-1:123456789012:cluster:chat-redis");
  EXPECT_EQ(redis.owner_team, "chat");
  EXPECT_EQ(redis.type, "elasticache:cluster");
  EXPECT_EQ(redis.name, "chat-redis");
  EXPECT_EQ(redis.region, "us-east-1");
  EXPECT_EQ(redis.tags["env"], "prod");
  EXPECT_EQ(redis.source, "aws-scan");
  CloudResource bucket = Get("arn:aws:s3:::ads-bucket");
  EXPECT_EQ(bucket.owner_team, "ads");  // by HR id
  EXPECT_EQ(bucket.account, "123456789012");
  EXPECT_EQ(bucket.region, "us-east-1");
  CloudResource instance = Get("arn:aws:ec2:us-east-1:123456789012:instance/i-0abc");
  EXPECT_EQ(instance.project, "chat-gateway");
  EXPECT_EQ(instance.owner_team, "chat");  // the project's owner
  EXPECT_EQ(Get("arn:aws:sqs:us-east-1:123456789012:mystery").OrphanReason(), "no owner team");
  EXPECT_EQ(Get("arn:aws:rds:us-east-1:123456789012:db:legacy").OrphanReason(), "no owner team");
  EXPECT_EQ(Get("arn:aws:dynamodb:ap-northeast-2:123456789012:table/sessions").project,
            "chat-gateway");

  auto events = audit_->List({.subject = "resources:aws"});
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].action, "resource.scan");
  EXPECT_EQ((*events)[0].summary["resources"], 7);
  EXPECT_EQ(aws_.rejected_signatures(), 0);
}

TEST_P(ResourceScanTest, RescanIsIdempotentAndFollowsTagChanges) {
  AddSampleResources();
  auto scanner = Scanner();
  ASSERT_OK(scanner->Run(nullptr));
  int64_t first = clock_.NowMs();
  clock_.AdvanceMs(3'600'000);
  aws_.AddResource("us-east-1", "arn:aws:sqs:us-east-1:123456789012:mystery", {{"team", "ads"}});
  ASSERT_OK(scanner->Run(nullptr));
  auto all = resources_->List({.limit = 100});
  ASSERT_OK(all);
  EXPECT_EQ(all->size(), 7u);
  CloudResource mystery = Get("arn:aws:sqs:us-east-1:123456789012:mystery");
  EXPECT_EQ(mystery.owner_team, "ads");
  EXPECT_EQ(mystery.first_seen_ms, first);
  EXPECT_EQ(mystery.last_seen_ms, first + 3'600'000);
}

TEST_P(ResourceScanTest, AFailingRegionIsReportedAndTheOthersAreKept) {
  AddSampleResources();
  aws_.FailNext(400, "AccessDeniedException", "no tag:GetResources for you");
  auto summary = Scanner()->Run(nullptr);
  EXPECT_CODE(summary, kPermissionDenied);
  EXPECT_NE(summary.status().message().find("AccessDeniedException"), absl::string_view::npos);
  auto all = resources_->List({.limit = 100});
  ASSERT_OK(all);
  EXPECT_EQ(all->size(), 2u);  // ap-northeast-2 was scanned
}

INSTANTIATE_TEST_SUITE_P(Engines, ResourceScanTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         testing::EngineParamName);

}  // namespace
}  // namespace paved::catalog
