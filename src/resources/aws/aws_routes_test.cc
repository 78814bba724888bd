// The aws provider as the server wires it from `resources.aws.accounts`: a developer creates a
// DynamoDB table through the API in an environment whose standard is an AWS account (moto's),
// and deletes it; moto's state is read independently with boto3.
#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_join.h"
#include "core/random.h"
#include "gtest/gtest.h"
#include "server/testing/test_app.h"
#include "tests/support/moto_server.h"

namespace paved::resources {
namespace {

using nlohmann::json;
using server::testing::TestApp;
using test_support::MotoServer;

class AwsRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("paved-aws-routes-" + NewId());
    std::filesystem::create_directories(dir_);
    auto moto = MotoServer::Start(dir_);
    ASSERT_TRUE(moto.ok()) << moto.status();
    moto_ = std::move(*moto);
    json config = {{"local_runtime", {{"unsafe_shared_host", true}}},
                   {"resources",
                    {{"aws",
                      {{"accounts",
                        {{{"id", test_support::kMotoAccount},
                          {"region", test_support::kMotoRegion},
                          {"endpoint", moto_->endpoint()},
                          {"access_key_id", "testing"},
                          {"secret_access_key", "testing"}}}}}},
                     {"profiles",
                      {{{"account", test_support::kMotoAccount},
                        {"environment", "alpha"},
                        {"defaults",
                         {{"common", {{"tags", {{"cost-center", "7"}}}}},
                          {"redis", {{"subnet_group", "shared"}}}}}}}}}}};
    app_ = std::make_unique<TestApp>("", SystemClock::Get(), config);
    const std::string& admin = app_->admin_token();
    ASSERT_EQ(
        app_->Call("POST", "/api/v1/teams", json{{"slug", "chat"}, {"name", "Chat"}}, admin).status,
        201);
    dev_ = app_->UserToken("dev", "developer");
    ASSERT_EQ(
        app_->Call("POST", "/api/v1/teams/chat/members", json{{"login", "dev"}}, admin).status,
        201);
    ASSERT_EQ(
        app_->Call("POST", "/api/v1/projects",
                   json{{"slug", "chat-gateway"}, {"name", "Chat"}, {"owner_team", "chat"}}, dev_)
            .status,
        201);
    ASSERT_TRUE(app_->app().StartBackground().ok());
  }
  void TearDown() override {
    if (app_) app_->app().StopBackground();
    app_.reset();
    moto_.reset();
    std::filesystem::remove_all(dir_);
  }

  json WaitSettled(const std::string& id) {
    json r;
    for (int i = 0; i < 400; ++i) {
      r = app_->Call("GET", "/api/v1/resources/" + id, "", dev_).json;
      std::string status = r.value("status", "");
      if (status != "creating" && status != "deleting" && status != "undoing") return r;
      usleep(50'000);
    }
    ADD_FAILURE() << "did not settle: " << r.dump();
    return r;
  }

  std::string dir_;
  std::unique_ptr<MotoServer> moto_;
  std::unique_ptr<TestApp> app_;
  std::string dev_;
};

TEST_F(AwsRoutesTest, AConfiguredAccountsStandardMakesTheTableInAwsAndDeletingRemovesIt) {
  auto profile = app_->Call("GET", "/api/v1/resource-profiles", "", dev_);
  ASSERT_EQ(profile.status, 200);
  ASSERT_EQ(profile.json["items"].size(), 1u) << profile.json.dump();
  EXPECT_EQ(profile.json["items"][0]["provider"], "aws");
  EXPECT_EQ(profile.json["items"][0]["region"], test_support::kMotoRegion);

  json body = {
      {"kind", "dynamodb"},
      {"name", "sessions"},
      {"environment", "alpha"},
      {"spec", {{"partition_key", {{"name", "id"}, {"type", "S"}}}, {"ttl_attribute", "ttl"}}}};
  auto created = app_->Call("POST", "/api/v1/projects/chat-gateway/resources", body, dev_);
  ASSERT_EQ(created.status, 202) << created.json.dump();
  EXPECT_EQ(created.json["provider"], "aws");
  std::string id = created.json["id"];
  json ready = WaitSettled(id);
  ASSERT_EQ(ready["status"], "ready") << ready.dump();
  EXPECT_EQ(ready["live"]["state"], "ACTIVE") << ready.dump();

  std::string table = "paved-" + id;
  auto tags =
      moto_->BotoMany(json::array({{"dynamodb", "describe_table", {{"TableName", table}}},
                                   {"dynamodb", "describe_time_to_live", {{"TableName", table}}}}));
  ASSERT_TRUE(tags.ok()) << tags.status();
  std::string arn = (*tags)[0]["Table"].value("TableArn", "");
  EXPECT_EQ((*tags)[1]["TimeToLiveDescription"]["AttributeName"], "ttl");
  auto listed = moto_->Boto("dynamodb", "list_tags_of_resource", {{"ResourceArn", arn}});
  ASSERT_TRUE(listed.ok()) << listed.status();
  std::map<std::string, std::string> by_key;
  for (const json& t : (*listed)["Tags"]) by_key[t["Key"]] = t["Value"];
  EXPECT_EQ(by_key["team"], "chat");
  EXPECT_EQ(by_key["project"], "chat-gateway");
  EXPECT_EQ(by_key["env"], "alpha");
  EXPECT_EQ(by_key["cost-center"], "7");
  EXPECT_EQ(by_key["paved-resource-id"], id);

  auto deleted = app_->Call("DELETE", "/api/v1/resources/" + id + "?confirm=sessions", "", dev_);
  ASSERT_EQ(deleted.status, 202) << deleted.json.dump();
  EXPECT_EQ(WaitSettled(id)["status"], "deleted");
  auto gone = moto_->Boto("dynamodb", "describe_table", {{"TableName", table}});
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ((*gone)["Error"]["Code"], "ResourceNotFoundException");
}

TEST_F(AwsRoutesTest, ARedisIsResizedInAwsAndAnEvictionPolicyPavedCannotSetIsRefused) {
  auto created =
      app_->Call("POST", "/api/v1/projects/chat-gateway/resources",
                 json{{"kind", "redis"}, {"name", "cache"}, {"environment", "alpha"}}, dev_);
  ASSERT_EQ(created.status, 202) << created.json.dump();
  std::string id = created.json["id"];
  json ready = WaitSettled(id);
  ASSERT_EQ(ready["status"], "ready") << ready.dump();
  std::string path = "/api/v1/resources/" + id;

  // The standard has Paved make no parameter group: the engine default's policy stays.
  auto refused =
      app_->Call("PATCH", path, json{{"spec", {{"eviction_policy", "volatile-ttl"}}}}, dev_);
  EXPECT_EQ(refused.status, 409) << refused.json.dump();
  EXPECT_EQ(refused.json["error"]["code"], "eviction_policy_fixed");
  EXPECT_EQ(refused.json["error"]["field"], "spec.eviction_policy");
  EXPECT_EQ(app_->Call("GET", path, "", dev_).json["status"], "ready");

  auto resized = app_->Call("PATCH", path, json{{"spec", {{"size", "l"}}}}, dev_);
  ASSERT_EQ(resized.status, 202) << resized.json.dump();
  json after;  // the server looks at ElastiCache every 15 s: modifying, then available
  for (int i = 0; i < 300; ++i) {
    after = app_->Call("GET", path, "", dev_).json;
    if (after["status"] == "ready") break;
    usleep(250'000);
  }
  EXPECT_EQ(after["status"], "ready") << after.dump();
  EXPECT_EQ(after.value("status_detail", ""), "") << after.dump();
  auto group = moto_->Boto("elasticache", "describe_replication_groups",
                           {{"ReplicationGroupId", "paved-" + id}});
  ASSERT_TRUE(group.ok()) << group.status();
  EXPECT_EQ((*group)["ReplicationGroups"][0]["CacheNodeType"], "cache.r7g.xlarge");
}

TEST_F(AwsRoutesTest, TransferringTheProjectPutsTheNewTeamOnTheTablesTags) {
  auto created = app_->Call("POST", "/api/v1/projects/chat-gateway/resources",
                            json{{"kind", "dynamodb"},
                                 {"name", "events"},
                                 {"environment", "alpha"},
                                 {"spec", {{"partition_key", {{"name", "id"}}}}}},
                            dev_);
  ASSERT_EQ(created.status, 202) << created.json.dump();
  std::string id = created.json["id"];
  ASSERT_EQ(WaitSettled(id)["status"], "ready");
  auto table = moto_->Boto("dynamodb", "describe_table", {{"TableName", "paved-" + id}});
  ASSERT_TRUE(table.ok()) << table.status();
  std::string arn = (*table)["Table"].value("TableArn", "");
  auto team_tag = [&] {
    auto listed = moto_->Boto("dynamodb", "list_tags_of_resource", {{"ResourceArn", arn}});
    EXPECT_TRUE(listed.ok()) << listed.status();
    std::vector<std::string> teams;  // one, unless a tag was added twice
    for (const json& t : listed.ok() ? (*listed)["Tags"] : json::array()) {
      if (t["Key"] == "team") teams.push_back(t.value("Value", ""));
    }
    return absl::StrJoin(teams, ",");
  };
  ASSERT_EQ(team_tag(), "chat");

  const std::string& admin = app_->admin_token();
  ASSERT_EQ(
      app_->Call("POST", "/api/v1/teams", json{{"slug", "payments"}, {"name", "Payments"}}, admin)
          .status,
      201);
  auto moved = app_->Call("POST", "/api/v1/projects/chat-gateway/transfer",
                          json{{"to_team", "payments"}, {"reason", "reorg"}}, dev_);
  ASSERT_EQ(moved.status, 200) << moved.json.dump();
  ASSERT_TRUE(app_->app().scheduler().RunNow("resources.retag").ok());
  std::string team;
  for (int i = 0; i < 20 && (team = team_tag()) != "payments"; ++i) usleep(200'000);
  EXPECT_EQ(team, "payments");

  json detail;
  int retags = 0;
  for (int i = 0; i < 100 && retags == 0; ++i) {
    detail = app_->Call("GET", "/api/v1/resources/" + id, "", dev_).json;
    retags = 0;
    for (const json& e : detail["journal"]) retags += e["saga"] == "retag";
    if (retags == 0) usleep(50'000);
  }
  EXPECT_EQ(retags, 1) << detail.dump();
  EXPECT_EQ(detail["outputs"]["tagged_team"], "payments");
  auto audit = app_->Call("GET", "/api/v1/audit?subject=resource:" + id, "", admin);
  ASSERT_EQ(audit.status, 200);
  bool audited = false;
  for (const json& e : audit.json["items"]) {
    audited |= e["action"] == "resource.retag" && e["actor"] == "paved" &&
               e["summary"]["from"] == "chat" && e["summary"]["to"] == "payments";
  }
  EXPECT_TRUE(audited) << audit.json.dump();
}

}  // namespace
}  // namespace paved::resources
