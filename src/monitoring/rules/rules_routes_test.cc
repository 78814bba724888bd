#include "monitoring/rules/rules_routes.h"

#include "core/status_macros.h"
#include "deploy/platform/platform_store.h"
#include "deploy/spec/spec_store.h"
#include "http/schema.h"
#include "monitoring/rules/slo_view.h"
#include "tests/support/route_fixture.h"

namespace paved::monitoring::rules {
namespace {

using test_support::EngineParamName;

class RulesRoutesTest : public test_support::RouteFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SetUpCatalog({{"chat-gateway", "chat"}}));
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      deploy::platform::PlatformStore platform(store_.get(), &clock_);
      deploy::spec::SpecStore specs(store_.get(), &clock_);
      bool created = false;
      RETURN_IF_ERROR(specs
                          .Put(tx, project_id_,
                               "apiVersion: paved.dev/v1\nservices:\n"
                               "  web: {image: r/web, port: 80}\n  api: {image: r/api, port: 81}\n"
                               "monitoring: {slo: {availability: 99.5}}\n",
                               "alice", "", &created)
                          .status());
      return platform.SetTargets(tx, project_id_, {"local-alpha", "local-production"});
    }));
    router_.Add(MonitoringRulesRoutes({.store = store_.get(), .config = &config_}));
  }
  MonitoringConfig config_;
};

TEST_P(RulesRoutesTest, AnyMemberReadsTheRuleFileAsYamlOrJson) {
  auto yaml = Call("GET", "/api/v1/projects/chat-gateway/monitoring/rules", Viewer());
  ASSERT_EQ(yaml.status, 200) << yaml.body;
  EXPECT_EQ(yaml.body.rfind("groups:\n", 0), 0u);
  EXPECT_NE(yaml.body.find("paved:chat-gateway:local-alpha:chat-gateway:slo"), std::string::npos);
  EXPECT_NE(yaml.body.find("paved:chat-gateway:local-production:chat-gateway:slo"),
            std::string::npos);
  auto json =
      Call("GET", "/api/v1/projects/chat-gateway/monitoring/rules?format=json&cluster=local-alpha",
           Developer("ads"));
  ASSERT_EQ(json.status, 200) << json.body;
  ASSERT_EQ(json.json["groups"].size(), 2u);
  EXPECT_EQ(json.json["groups"][1]["rules"][0]["labels"]["cluster"], "local-alpha");
}

TEST_P(RulesRoutesTest, SlosListEachServiceWithItsObjectives) {
  auto reply =
      Call("GET", "/api/v1/projects/chat-gateway/monitoring/slos?cluster=local-alpha", Viewer());
  ASSERT_EQ(reply.status, 200) << reply.body;
  ASSERT_OK(http::Validate(SloViewSchema(), reply.json));
  ASSERT_EQ(reply.json["items"].size(), 2u);
  EXPECT_EQ(reply.json["items"][0]["service"], "api");
  EXPECT_EQ(reply.json["items"][1]["service"], "web");
  EXPECT_DOUBLE_EQ(reply.json["items"][0]["availability"]["objective"].get<double>(), 99.5);
  EXPECT_DOUBLE_EQ(reply.json["items"][0]["latency"]["percent"].get<double>(), 99);
  EXPECT_EQ(reply.json["windows"].size(), 7u);
  EXPECT_EQ(reply.json["burn_alerts"][0]["windows"][0]["factor"], 14.4);
}

TEST_P(RulesRoutesTest, MistakesAreClientErrors) {
  EXPECT_EQ(Call("GET", "/api/v1/projects/nope/monitoring/slos", Viewer()).status, 404);
  auto bad = Call("GET", "/api/v1/projects/chat-gateway/monitoring/rules?format=xml", Viewer());
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.json["error"]["field"], "format");
  auto nowhere =
      Call("GET", "/api/v1/projects/chat-gateway/monitoring/rules?cluster=nowhere", Viewer());
  EXPECT_EQ(nowhere.status, 404) << nowhere.body;
  EXPECT_EQ(nowhere.json["error"]["field"], "cluster");
}

INSTANTIATE_TEST_SUITE_P(Engines, RulesRoutesTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::monitoring::rules
