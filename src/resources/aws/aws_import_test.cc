// Importing what exists in AWS (moto's real server) through the API: a table, a replication
// group and a bucket are made with boto3 directly, imported, and moto's state is read with
// boto3 again — tags added, foreign tags kept, nothing touched when the import is refused,
// and what a delete removes or keeps.
#include <unistd.h>

#include <filesystem>
#include <map>

#include "core/random.h"
#include "gtest/gtest.h"
#include "server/testing/test_app.h"
#include "tests/support/moto_server.h"

namespace paved::resources {
namespace {

using nlohmann::json;
using server::testing::TestApp;
using test_support::MotoServer;

std::map<std::string, std::string> ByKey(const json& tags) {
  std::map<std::string, std::string> out;
  for (const json& t : tags) out[t["Key"]] = t["Value"];
  return out;
}

class AwsImportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(std::filesystem::temp_directory_path() / ("paved-import-" + NewId()));
    std::filesystem::create_directories(*dir_);
    auto moto = MotoServer::Start(*dir_);
    if (moto.ok()) moto_ = moto->release();
  }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
    std::filesystem::remove_all(*dir_);
  }

  void SetUp() override {
    ASSERT_NE(moto_, nullptr) << "moto did not start";
    json aws_account = {{"id", test_support::kMotoAccount},
                        {"region", test_support::kMotoRegion},
                        {"endpoint", moto_->endpoint()},
                        {"access_key_id", "testing"},
                        {"secret_access_key", "testing"}};
    json config = {
        {"local_runtime", {{"unsafe_shared_host", true}}},
        {"resources",
         {{"aws", {{"accounts", {aws_account}}}},
          {"profiles",
           {{{"account", test_support::kMotoAccount},
             {"environment", "alpha"},
             {"defaults", {{"common", {{"tags", {{"cost-center", "7"}}}}}}}},
            {{"account", "local"}, {"environment", "production"}, {"provider", "local"}}}}}}};
    app_ = std::make_unique<TestApp>("", SystemClock::Get(), config);
    const std::string& admin = app_->admin_token();
    for (const char* team : {"chat", "ads"}) {
      ASSERT_EQ(Call("POST", "/api/v1/teams", {{"slug", team}, {"name", team}}, admin).status, 201);
    }
    dev_ = app_->UserToken("dev", "developer");
    other_ = app_->UserToken("other", "developer");
    ASSERT_EQ(Call("POST", "/api/v1/teams/chat/members", {{"login", "dev"}}, admin).status, 201);
    ASSERT_EQ(Call("POST", "/api/v1/teams/ads/members", {{"login", "other"}}, admin).status, 201);
    ASSERT_EQ(Call("POST", "/api/v1/projects",
                   {{"slug", "chat-gateway"}, {"name", "Chat"}, {"owner_team", "chat"}}, dev_)
                  .status,
              201);
    ASSERT_TRUE(app_->app().StartBackground().ok());
  }
  void TearDown() override {
    if (app_) app_->app().StopBackground();
    app_.reset();
  }

  TestApp::Reply Call(const std::string& method, const std::string& path, const json& body,
                      const std::string& token) {
    return body.is_null() ? app_->Call(method, path, "", token)
                          : app_->Call(method, path, body, token);
  }

  json Boto(const std::string& service, const std::string& method, const json& args) {
    auto answer = moto_->Boto(service, method, args);
    EXPECT_TRUE(answer.ok()) << answer.status();
    return answer.ok() ? *answer : json::object();
  }

  json ImportBody(const std::string& kind, const std::string& name, const std::string& id) {
    return {{"kind", kind},
            {"name", name},
            {"project", "chat-gateway"},
            {"environment", "alpha"},
            {"id", id}};
  }

  // A provisioned table with a sort key, TTL and a tag of its own, made outside Paved.
  std::string MakeTable(const std::string& name, const json& tags = json::array()) {
    json made =
        Boto("dynamodb", "create_table",
             {{"TableName", name},
              {"AttributeDefinitions",
               {{{"AttributeName", "pk"}, {"AttributeType", "S"}},
                {{"AttributeName", "at"}, {"AttributeType", "N"}}}},
              {"KeySchema",
               {{{"AttributeName", "pk"}, {"KeyType", "HASH"}},
                {{"AttributeName", "at"}, {"KeyType", "RANGE"}}}},
              {"BillingMode", "PROVISIONED"},
              {"ProvisionedThroughput", {{"ReadCapacityUnits", 5}, {"WriteCapacityUnits", 3}}},
              {"Tags", tags}});
    Boto("dynamodb", "update_time_to_live",
         {{"TableName", name},
          {"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", "expires"}}}});
    return made["TableDescription"].value("TableArn", "");
  }

  std::map<std::string, std::string> TableTags(const std::string& arn) {
    return ByKey(Boto("dynamodb", "list_tags_of_resource", {{"ResourceArn", arn}})["Tags"]);
  }

  json WaitSettled(const std::string& id) {
    json r;
    for (int i = 0; i < 400; ++i) {
      r = Call("GET", "/api/v1/resources/" + id, json(), dev_).json;
      if (r.value("status", "") != "deleting") return r;
      usleep(50'000);
    }
    ADD_FAILURE() << "did not settle: " << r.dump();
    return r;
  }

  static std::string* dir_;
  static MotoServer* moto_;
  std::unique_ptr<TestApp> app_;
  std::string dev_, other_;
};

std::string* AwsImportTest::dir_ = nullptr;
MotoServer* AwsImportTest::moto_ = nullptr;

TEST_F(AwsImportTest, ATableMadeOutsidePavedIsImportedReadyTaggedAndDeletable) {
  std::string arn = MakeTable("orders-legacy", {{{"Key", "owner"}, {"Value", "ops"}}});
  auto imported = Call("POST", "/api/v1/resources/import",
                       ImportBody("dynamodb", "orders", "orders-legacy"), dev_);
  ASSERT_EQ(imported.status, 201) << imported.json.dump();
  const json& r = imported.json;
  std::string id = r["id"];
  EXPECT_EQ(r["status"], "ready");
  EXPECT_EQ(r["imported"], true);
  EXPECT_EQ(r["provider"], "aws");
  EXPECT_EQ(r["spec"]["partition_key"], (json{{"name", "pk"}, {"type", "S"}}));
  EXPECT_EQ(r["spec"]["sort_key"], (json{{"name", "at"}, {"type", "N"}}));
  EXPECT_EQ(r["spec"]["billing_mode"], "PROVISIONED");
  EXPECT_EQ(r["spec"]["read_capacity"], 5);
  EXPECT_EQ(r["spec"]["write_capacity"], 3);
  EXPECT_EQ(r["spec"]["ttl_attribute"], "expires");
  EXPECT_EQ(r["effective"]["billing_mode"]["source"], "imported");
  EXPECT_EQ(r["outputs"]["table"], "orders-legacy");
  EXPECT_EQ(r["outputs"]["table_arn"], arn);
  EXPECT_EQ(r["connection"]["env"],
            json::array({{{"name", "DYNAMODB_TABLE"}, {"value", "orders-legacy"}}}));

  std::map<std::string, std::string> tags = TableTags(arn);
  EXPECT_EQ(tags["paved-resource-id"], id);
  EXPECT_EQ(tags["managed-by"], "paved");
  EXPECT_EQ(tags["team"], "chat");
  EXPECT_EQ(tags["project"], "chat-gateway");
  EXPECT_EQ(tags["env"], "alpha");
  EXPECT_EQ(tags["owner"], "ops");  // its own tag stays

  auto shown = Call("GET", "/api/v1/resources/" + id, json(), dev_);
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.json["live"]["state"], "ACTIVE") << shown.json.dump();
  ASSERT_EQ(shown.json["journal"].size(), 1u) << shown.json.dump();
  EXPECT_EQ(shown.json["journal"][0]["saga"], "import");
  EXPECT_EQ(shown.json["journal"][0]["step"], "table");
  EXPECT_EQ(shown.json["journal"][0]["event"], "done");
  EXPECT_EQ(shown.json["journal"][0]["provider_id"], arn);

  auto again = Call("POST", "/api/v1/resources/import",
                    ImportBody("dynamodb", "orders2", "orders-legacy"), dev_);
  EXPECT_EQ(again.status, 409) << again.json.dump();
  EXPECT_EQ(again.json["error"]["code"], "already_managed");

  auto deleted = Call("DELETE", "/api/v1/resources/" + id + "?confirm=orders", json(), dev_);
  ASSERT_EQ(deleted.status, 202) << deleted.json.dump();
  EXPECT_EQ(WaitSettled(id)["status"], "deleted");
  json gone = Boto("dynamodb", "describe_table", {{"TableName", "orders-legacy"}});
  EXPECT_EQ(gone["Error"]["Code"], "ResourceNotFoundException") << gone.dump();
}

// An imported table keeps its own name: a change and the owner tags reach it, not a
// "paved-<id>" table that does not exist.
TEST_F(AwsImportTest, AnImportedTableIsChangedAndRetaggedUnderItsOwnName) {
  std::string arn = MakeTable("orders-kept", {{{"Key", "owner"}, {"Value", "ops"}}});
  auto imported = Call("POST", "/api/v1/resources/import",
                       ImportBody("dynamodb", "orders", "orders-kept"), dev_);
  ASSERT_EQ(imported.status, 201) << imported.json.dump();
  std::string id = imported.json["id"];

  ASSERT_EQ(Call("POST", "/api/v1/projects/chat-gateway/transfer",
                 {{"to_team", "ads"}, {"reason", "reorg"}}, dev_)
                .status,
            200);
  ASSERT_TRUE(app_->app().scheduler().RunNow("resources.retag").ok());
  std::string team;
  for (int i = 0; i < 50 && (team = TableTags(arn)["team"]) != "ads"; ++i) usleep(100'000);
  EXPECT_EQ(team, "ads");

  // The table's new owners change it; the update polls the table (botocore's 20 s) until
  // ACTIVE, so the change is looked for in moto rather than waited for in Paved.
  std::string ads_dev = app_->UserToken("ads-dev", "developer");
  ASSERT_EQ(
      Call("POST", "/api/v1/teams/ads/members", {{"login", "ads-dev"}}, app_->admin_token()).status,
      201);
  auto changed = Call("PATCH", "/api/v1/resources/" + id,
                      {{"spec",
                        {{"billing_mode", "PAY_PER_REQUEST"},
                         {"read_capacity", nullptr},
                         {"write_capacity", nullptr}}}},
                      ads_dev);
  ASSERT_EQ(changed.status, 202) << changed.json.dump();
  std::string billing;
  for (int i = 0; i < 100 && billing != "PAY_PER_REQUEST"; ++i, usleep(100'000)) {
    json table = Boto("dynamodb", "describe_table", {{"TableName", "orders-kept"}});
    billing = table.value("Table", json::object())
                  .value("BillingModeSummary", json::object())
                  .value("BillingMode", "");
  }
  EXPECT_EQ(billing, "PAY_PER_REQUEST");
}

TEST_F(AwsImportTest, KeepingTheCloudResourceForgetsItAndTakesOffOnlyPavedsTags) {
  std::string arn = MakeTable("audit-legacy", {{{"Key", "owner"}, {"Value", "ops"}}});
  auto imported = Call("POST", "/api/v1/resources/import",
                       ImportBody("dynamodb", "audit", "audit-legacy"), dev_);
  ASSERT_EQ(imported.status, 201) << imported.json.dump();
  std::string id = imported.json["id"];

  auto kept = Call("DELETE", "/api/v1/resources/" + id + "?confirm=audit&keep=true", json(), dev_);
  ASSERT_EQ(kept.status, 202) << kept.json.dump();
  EXPECT_EQ(kept.json["status"], "deleted");
  json table = Boto("dynamodb", "describe_table", {{"TableName", "audit-legacy"}});
  EXPECT_EQ(table["Table"]["TableStatus"], "ACTIVE") << table.dump();
  std::map<std::string, std::string> tags = TableTags(arn);
  EXPECT_FALSE(tags.contains("paved-resource-id"));
  EXPECT_FALSE(tags.contains("managed-by"));
  EXPECT_EQ(tags["owner"], "ops");

  // Forgotten, it can be imported again.
  auto again = Call("POST", "/api/v1/resources/import",
                    ImportBody("dynamodb", "audit", "audit-legacy"), dev_);
  EXPECT_EQ(again.status, 201) << again.json.dump();
}

TEST_F(AwsImportTest, DeletingLeavesAnImportedPieceThatNoLongerCarriesTheResourcesId) {
  std::string arn = MakeTable("moved-legacy");
  auto imported = Call("POST", "/api/v1/resources/import",
                       ImportBody("dynamodb", "moved", "moved-legacy"), dev_);
  ASSERT_EQ(imported.status, 201) << imported.json.dump();
  std::string id = imported.json["id"];
  // Its id tag replaced, as after a transfer to another Paved resource (moto appends a tag
  // of a key it has, so the old one goes first).
  Boto("dynamodb", "untag_resource", {{"ResourceArn", arn}, {"TagKeys", {"paved-resource-id"}}});
  Boto("dynamodb", "tag_resource",
       {{"ResourceArn", arn},
        {"Tags", json::array({{{"Key", "paved-resource-id"}, {"Value", "r-7"}}})}});

  auto deleted = Call("DELETE", "/api/v1/resources/" + id + "?confirm=moved", json(), dev_);
  ASSERT_EQ(deleted.status, 202) << deleted.json.dump();
  EXPECT_EQ(WaitSettled(id)["status"], "deleted");
  json table = Boto("dynamodb", "describe_table", {{"TableName", "moved-legacy"}});
  EXPECT_EQ(table["Table"]["TableStatus"], "ACTIVE") << table.dump();
}

TEST_F(AwsImportTest, AResourcePavedMadeCannotBeKeptInTheCloud) {
  json body = {{"kind", "dynamodb"},
               {"name", "made"},
               {"environment", "alpha"},
               {"spec", {{"partition_key", {{"name", "id"}, {"type", "S"}}}}}};
  auto created = Call("POST", "/api/v1/projects/chat-gateway/resources", body, dev_);
  ASSERT_EQ(created.status, 202) << created.json.dump();
  std::string id = created.json["id"];
  json r = json::object();
  for (int i = 0; i < 400 && r.value("status", "creating") == "creating"; ++i) {
    usleep(50'000);
    r = Call("GET", "/api/v1/resources/" + id, json(), dev_).json;
  }
  ASSERT_EQ(r["status"], "ready") << r.dump();
  auto kept = Call("DELETE", "/api/v1/resources/" + id + "?confirm=made&keep=true", json(), dev_);
  EXPECT_EQ(kept.status, 422) << kept.json.dump();
  EXPECT_EQ(kept.json["error"]["code"], "keep_unsupported");
  EXPECT_EQ(kept.json["error"]["field"], "keep");
}

TEST_F(AwsImportTest, APieceTaggedForAnotherPavedResourceIsRefusedAndLeftAsItWas) {
  std::string arn = MakeTable("someone-elses", {{{"Key", "paved-resource-id"}, {"Value", "r-9"}},
                                                {{"Key", "team"}, {"Value", "ads"}}});
  auto refused = Call("POST", "/api/v1/resources/import",
                      ImportBody("dynamodb", "theirs", "someone-elses"), dev_);
  EXPECT_EQ(refused.status, 409) << refused.json.dump();
  EXPECT_EQ(refused.json["error"]["code"], "already_managed");
  EXPECT_EQ(refused.json["error"]["field"], "id");
  std::map<std::string, std::string> tags = TableTags(arn);
  EXPECT_EQ(tags,
            (std::map<std::string, std::string>{{"paved-resource-id", "r-9"}, {"team", "ads"}}));
  auto list = Call("GET", "/api/v1/resources?project=chat-gateway", json(), dev_);
  EXPECT_EQ(list.json["items"].size(), 0u) << list.json.dump();
}

TEST_F(AwsImportTest, AnUnknownIdIsAFieldErrorAndNothingIsRecorded) {
  for (const char* kind : {"dynamodb", "redis", "static-site"}) {
    auto missing = Call("POST", "/api/v1/resources/import",
                        ImportBody(kind, "nothing", "no-such-thing"), dev_);
    EXPECT_EQ(missing.status, 422) << kind << missing.json.dump();
    EXPECT_EQ(missing.json["error"]["code"], "not_found") << kind;
    EXPECT_EQ(missing.json["error"]["field"], "id") << kind;
  }
  auto list = Call("GET", "/api/v1/resources?project=chat-gateway", json(), dev_);
  EXPECT_EQ(list.json["items"].size(), 0u) << list.json.dump();
}

TEST_F(AwsImportTest, OnlyTheProjectsWritersImportAndTheLocalProviderCannot) {
  std::string arn = MakeTable("guarded-legacy");
  auto forbidden = Call("POST", "/api/v1/resources/import",
                        ImportBody("dynamodb", "guarded", "guarded-legacy"), other_);
  EXPECT_EQ(forbidden.status, 403) << forbidden.json.dump();
  EXPECT_FALSE(TableTags(arn).contains("paved-resource-id"));

  json local = ImportBody("dynamodb", "guarded", "guarded-legacy");
  local["environment"] = "production";
  auto unsupported = Call("POST", "/api/v1/resources/import", local, dev_);
  EXPECT_EQ(unsupported.status, 422) << unsupported.json.dump();
  EXPECT_EQ(unsupported.json["error"]["code"], "import_unsupported");
  EXPECT_EQ(unsupported.json["error"]["field"], "environment");
  EXPECT_FALSE(TableTags(arn).contains("paved-resource-id"));
}

TEST_F(AwsImportTest, AReplicationGroupGetsTheSizeOfItsNodeTypeOrKeepsTheNodeType) {
  Boto("elasticache", "create_replication_group",
       {{"ReplicationGroupId", "cache-legacy"},
        {"ReplicationGroupDescription", "made by hand"},
        {"Engine", "redis"},
        {"CacheNodeType", "cache.m7g.large"},
        {"NumCacheClusters", 1}});
  Boto("elasticache", "create_replication_group",
       {{"ReplicationGroupId", "cache-odd"},
        {"ReplicationGroupDescription", "made by hand"},
        {"Engine", "redis"},
        {"CacheNodeType", "cache.t3.micro"},
        {"NumCacheClusters", 1}});
  auto sized =
      Call("POST", "/api/v1/resources/import", ImportBody("redis", "cache", "cache-legacy"), dev_);
  ASSERT_EQ(sized.status, 201) << sized.json.dump();
  std::string id = sized.json["id"];
  EXPECT_EQ(sized.json["status"], "ready");
  EXPECT_EQ(sized.json["spec"]["size"], "m");
  EXPECT_EQ(sized.json["spec"]["replicas"], 0);
  EXPECT_EQ(sized.json["effective"]["size"]["source"], "imported");
  EXPECT_EQ(sized.json["outputs"]["replication_group"], "cache-legacy");
  EXPECT_FALSE(sized.json["outputs"].value("host", "").empty()) << sized.json.dump();
  EXPECT_EQ(sized.json["outputs"]["port"], 6379);
  for (const json& var : sized.json["connection"]["env"]) {
    EXPECT_NE(var["name"], "REDIS_URL") << "Paved knows no token of an imported Redis";
  }

  std::string arn = "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:cache-legacy";
  std::map<std::string, std::string> tags =
      ByKey(Boto("elasticache", "list_tags_for_resource", {{"ResourceName", arn}})["TagList"]);
  EXPECT_EQ(tags["paved-resource-id"], id);
  EXPECT_EQ(tags["team"], "chat");
  EXPECT_EQ(tags["env"], "alpha");
  auto shown = Call("GET", "/api/v1/resources/" + id, json(), dev_);
  EXPECT_EQ(shown.json["live"]["state"], "available") << shown.json.dump();
  EXPECT_EQ(shown.json["live"]["node_type"], "cache.m7g.large");

  auto odd =
      Call("POST", "/api/v1/resources/import", ImportBody("redis", "odd", "cache-odd"), dev_);
  ASSERT_EQ(odd.status, 201) << odd.json.dump();
  EXPECT_FALSE(odd.json["spec"].contains("size")) << odd.json.dump();
  EXPECT_FALSE(odd.json["effective"].contains("size"));
  EXPECT_EQ(odd.json["effective"]["node_type"],
            (json{{"value", "cache.t3.micro"}, {"source", "imported"}}));

  // A change of another field keeps the node type found, and gives it no size. (Not the
  // eviction policy: that lives in a parameter group Paved did not make, so it is refused.)
  std::string odd_id = odd.json["id"];
  auto fixed = Call("PATCH", "/api/v1/resources/" + odd_id,
                    {{"spec", {{"eviction_policy", "noeviction"}}}}, dev_);
  EXPECT_EQ(fixed.status, 409) << fixed.json.dump();
  auto changed = Call("PATCH", "/api/v1/resources/" + odd_id, {{"spec", {{"replicas", 1}}}}, dev_);
  ASSERT_EQ(changed.status, 202) << changed.json.dump();
  EXPECT_FALSE(changed.json["effective"].contains("size")) << changed.json.dump();
  EXPECT_EQ(changed.json["effective"]["node_type"]["value"], "cache.t3.micro");
  EXPECT_EQ(changed.json["effective"]["encryption_at_rest"]["source"], "imported");
}

TEST_F(AwsImportTest, ABucketKeepsItsTagsAndWebsiteDocuments) {
  Boto("s3", "create_bucket", {{"Bucket", "docs-legacy"}});
  Boto("s3", "put_bucket_website",
       {{"Bucket", "docs-legacy"},
        {"WebsiteConfiguration",
         {{"IndexDocument", {{"Suffix", "start.html"}}},
          {"ErrorDocument", {{"Key", "oops.html"}}}}}});
  Boto("s3", "put_bucket_tagging",
       {{"Bucket", "docs-legacy"},
        {"Tagging", {{"TagSet", json::array({{{"Key", "owner"}, {"Value", "web"}}})}}}});
  auto imported = Call("POST", "/api/v1/resources/import",
                       ImportBody("static-site", "docs", "docs-legacy"), dev_);
  ASSERT_EQ(imported.status, 201) << imported.json.dump();
  std::string id = imported.json["id"];
  EXPECT_EQ(imported.json["spec"]["index_document"], "start.html");
  EXPECT_EQ(imported.json["spec"]["error_document"], "oops.html");
  EXPECT_EQ(imported.json["outputs"]["bucket"], "docs-legacy");

  std::map<std::string, std::string> tags =
      ByKey(Boto("s3", "get_bucket_tagging", {{"Bucket", "docs-legacy"}})["TagSet"]);
  EXPECT_EQ(tags["paved-resource-id"], id);
  EXPECT_EQ(tags["project"], "chat-gateway");
  EXPECT_EQ(tags["owner"], "web");
  auto shown = Call("GET", "/api/v1/resources/" + id, json(), dev_);
  EXPECT_EQ(shown.json["live"]["state"], "available") << shown.json.dump();

  auto missing = ImportBody("static-site", "docs2", "docs-legacy");
  missing["distribution_id"] = "ENOSUCH";
  auto refused = Call("POST", "/api/v1/resources/import", missing, dev_);
  EXPECT_EQ(refused.status, 409) << refused.json.dump();  // the bucket is Paved's now
}

}  // namespace
}  // namespace paved::resources
