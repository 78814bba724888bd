#include "catalog/resource_scan.h"

#include "catalog/resource_test_fixture.h"
#include "http/client.h"

namespace paved::catalog {
namespace {

using testing::ResourceFixture;
using json = nlohmann::json;

constexpr char kMystery[] = "arn:aws:sqs:us-east-1:123456789012:mystery";
constexpr char kLegacy[] = "arn:aws:rds:us-east-1:123456789012:db:legacy";
constexpr char kRedis[] = "arn:aws:elasticache:us-east-1:123456789012:cluster:chat-redis";
constexpr char kInstance[] = "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc";

// The routes and the scan job end to end: Router → handler → job → in-test AWS → store.
class ResourceRoutesTest : public ResourceFixture {
 protected:
  void SetUp() override {
    ResourceFixture::SetUp();
    if (HasFatalFailure()) return;
    config_ = Config();
    ASSERT_OK(Install());
    AddSampleResources();
    workers_->Start();
  }
  // POST /scan and wait for the job.
  void Scan() {
    Reply r = Call("POST", "/api/v1/catalog/resources/scan", Admin());
    ASSERT_EQ(r.status, 202) << r.json;
    EXPECT_EQ(r.json["job"]["kind"], kAwsScanJob);
    jobs::Job job = WaitForJob(r.json["job"]["id"]);
    ASSERT_EQ(job.state, jobs::JobState::kSucceeded) << job.last_error;
  }
  static std::string Q(const std::string& id) { return http::UrlEncode(id); }
  std::vector<std::string> ListIds(const std::string& query) {
    Reply r = Call("GET", "/api/v1/catalog/resources" + query, Admin());
    EXPECT_EQ(r.status, 200) << r.json;
    std::vector<std::string> ids;
    for (const auto& item : r.json["items"]) ids.push_back(item["id"]);
    return ids;
  }
};

TEST_P(ResourceRoutesTest, ScanJobFillsTheListWithOwnersAndOrphans) {
  Scan();
  EXPECT_EQ(ListIds("").size(), 7u);
  EXPECT_EQ(ListIds("?owner=chat").size(), 3u);
  EXPECT_EQ(ListIds("?project=chat-gateway").size(), 2u);
  std::vector<std::string> orphans = ListIds("?orphaned=true");
  EXPECT_EQ(orphans.size(), 3u);
  EXPECT_NE(std::find(orphans.begin(), orphans.end(), kMystery), orphans.end());
  EXPECT_EQ(Call("GET", "/api/v1/catalog/resources?orphaned=maybe", Admin()).status, 422);

  Reply page = Call("GET", "/api/v1/catalog/resources?limit=4", Admin());
  ASSERT_EQ(page.json["items"].size(), 4u);
  std::string cursor = page.json["next_cursor"];
  Reply rest = Call("GET", "/api/v1/catalog/resources?limit=4&cursor=" + Q(cursor), Admin());
  EXPECT_EQ(rest.json["items"].size(), 3u);
  EXPECT_TRUE(rest.json["next_cursor"].is_null());

  // An id without '/' works as a percent-encoded path segment; any id works with ?id=.
  Reply redis = Call("GET", "/api/v1/catalog/resources/" + Q(kRedis), Admin());
  ASSERT_EQ(redis.status, 200) << redis.json;
  EXPECT_EQ(redis.json["owner_team"], "chat");
  EXPECT_EQ(redis.json["type"], "elasticache:cluster");
  Reply instance = Call("GET", "/api/v1/catalog/resource?id=" + Q(kInstance), Admin());
  ASSERT_EQ(instance.status, 200) << instance.json;
  EXPECT_EQ(instance.json["project"], "chat-gateway");
  EXPECT_EQ(Call("GET", "/api/v1/catalog/resource?id=arn%3Anope", Admin()).status, 404);
}

TEST_P(ResourceRoutesTest, SetOwnerWritesTagsBackToAwsAndAudits) {
  Scan();
  Reply r = Call("PATCH", "/api/v1/catalog/resource?id=" + Q(kMystery), Admin(),
                 json{{"owner_team", "ads"}, {"project", "chat-gateway"}}.dump());
  ASSERT_EQ(r.status, 200) << r.json;
  EXPECT_EQ(r.json["owner_team"], "ads");
  EXPECT_EQ(r.json["project"], "chat-gateway");
  EXPECT_EQ(r.json["tags_written"], true);
  EXPECT_EQ(r.json["tags"]["team"], "ads");
  auto tags = aws_.TagsOf("us-east-1", kMystery);
  EXPECT_EQ(tags["team"], "ads");
  EXPECT_EQ(tags["project"], "chat-gateway");
  EXPECT_EQ(aws_.rejected_signatures(), 0);
  auto events = audit_->List({.subject = std::string("resource:") + kMystery});
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].action, "resource.owner_set");
  EXPECT_EQ((*events)[0].summary["owner_team"]["to"], "ads");

  // The next scan reads the tags it wrote and agrees.
  Scan();
  EXPECT_EQ(Call("GET", "/api/v1/catalog/resource?id=" + Q(kMystery), Admin()).json["owner_team"],
            "ads");

  // Clearing removes the tags in AWS, so the next scan keeps it orphaned.
  Reply cleared = Call("PATCH", "/api/v1/catalog/resource?id=" + Q(kMystery), Admin(),
                       json{{"owner_team", ""}, {"project", ""}}.dump());
  ASSERT_EQ(cleared.status, 200) << cleared.json;
  EXPECT_TRUE(cleared.json["owner_team"].is_null());
  EXPECT_FALSE(cleared.json["tags"].contains("team"));
  EXPECT_TRUE(aws_.TagsOf("us-east-1", kMystery).empty());
  Scan();
  EXPECT_EQ(Call("GET", "/api/v1/catalog/resource?id=" + Q(kMystery), Admin()).json["orphaned"],
            true);
}

TEST_P(ResourceRoutesTest, DevelopersMayClaimOnlyOrphansForTheirOwnTeams) {
  aws_.AddResource("us-east-1", kLegacy, {{"team", "old"}, {"project", "not-in-paved"}});
  Scan();
  std::string body = json{{"owner_team", "chat"}}.dump();
  EXPECT_EQ(
      Call("PATCH", "/api/v1/catalog/resource?id=" + Q(kLegacy), Developer("ads"), body).status,
      403);
  EXPECT_EQ(Call("PATCH", "/api/v1/catalog/resources/" + Q(kRedis), Developer("chat"),
                 json{{"owner_team", "chat"}, {"project", ""}}.dump())
                .status,
            403);  // owned already: sre or admin only
  Reply claimed =
      Call("PATCH", "/api/v1/catalog/resource?id=" + Q(kLegacy), Developer("chat"), body);
  ASSERT_EQ(claimed.status, 200) << claimed.json;
  EXPECT_EQ(claimed.json["owner_team"], "chat");
  EXPECT_EQ(aws_.TagsOf("us-east-1", kLegacy)["team"], "chat");
  EXPECT_EQ(aws_.TagsOf("us-east-1", kLegacy)["project"], "not-in-paved");  // not named: kept
}

TEST_P(ResourceRoutesTest, BadRequestsAndAwsFailuresChangeNothing) {
  Scan();
  std::string path = "/api/v1/catalog/resource?id=" + Q(kMystery);
  EXPECT_EQ(Call("PATCH", path, Admin(), json{{"owner_team", "nobody"}}.dump()).status, 422);
  EXPECT_EQ(Call("PATCH", path, Admin(), json{{"owner_team", "old"}}.dump()).status, 422);
  EXPECT_EQ(Call("PATCH", path, Admin(), json::object().dump()).status, 422);
  EXPECT_EQ(Call("PATCH", path, Admin(), json{{"colour", "red"}}.dump()).status, 422);
  EXPECT_EQ(Call("PATCH", "/api/v1/catalog/resource?id=arn%3Anope", Admin(),
                 json{{"owner_team", "ads"}}.dump())
                .status,
            404);
  aws_.FailNext(400, "AccessDeniedException", "tag:TagResources denied");
  Reply denied = Call("PATCH", path, Admin(), json{{"owner_team", "ads"}}.dump());
  EXPECT_EQ(denied.status, 409) << denied.json;
  EXPECT_EQ(denied.json["error"]["code"], "provider_error");
  aws_.FailTagging(kMystery, "InternalServiceException", "try later");
  EXPECT_EQ(Call("PATCH", path, Admin(), json{{"owner_team", "ads"}}.dump()).status, 409);
  Reply after = Call("GET", path, Admin());
  EXPECT_TRUE(after.json["owner_team"].is_null());
  auto events = audit_->List({.subject = std::string("resource:") + kMystery});
  ASSERT_OK(events);
  EXPECT_TRUE(events->empty());
}

TEST_P(ResourceRoutesTest, RoutesDeclareTheirAccess) {
  auto scan = router_.Find("POST", "/api/v1/catalog/resources/scan");
  ASSERT_NE(scan.route, nullptr);
  EXPECT_EQ(scan.route->access, http::Access::kSre);
  auto patch = router_.Find("PATCH", "/api/v1/catalog/resources/x");
  ASSERT_NE(patch.route, nullptr);
  EXPECT_EQ(patch.route->access, http::Access::kDeveloper);
  auto list = router_.Find("GET", "/api/v1/catalog/resources");
  ASSERT_NE(list.route, nullptr);
  EXPECT_EQ(list.route->access, http::Access::kViewer);
}

TEST(InstallCloudResourcesTest, RejectsABadConfig) {
  nlohmann::json config = {{"catalog", {{"aws", {{"interval", "often"}}}}}};
  CloudResourceDeps deps{.store = nullptr,
                         .clock = nullptr,
                         .audit = nullptr,
                         .resources = nullptr,
                         .teams = nullptr,
                         .projects = nullptr,
                         .workers = nullptr,
                         .scheduler = nullptr,
                         .config = &config};
  EXPECT_CODE(InstallCloudResources(deps).status(), kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Engines, ResourceRoutesTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         testing::EngineParamName);

}  // namespace
}  // namespace paved::catalog
