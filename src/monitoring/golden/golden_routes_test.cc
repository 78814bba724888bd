// GET /api/v1/projects/{slug}/monitoring/signals on both store engines: the project's
// namespaces, the deployments of the window, the window's checks, and Prometheus missing or down
// answered as such (never a 5xx). The numbers against a real Prometheus: golden_signals_test.cc.
#include "monitoring/golden/golden_routes.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "deploy/platform/platform_store.h"
#include "deploy/rollout/deployment_store.h"
#include "gtest/gtest.h"
#include "tests/support/peer_process.h"
#include "tests/support/route_fixture.h"

namespace paved::monitoring {
namespace {

using test_support::EngineParamName;

constexpr int64_t kNow = 1'700'000'000;

class GoldenRoutesTest : public test_support::RouteFixture {
 protected:
  void SetUp() override {
    SetUpCatalog({{"chat-gateway", "chat"}, {"ads-api", "ads"}});
    deploy::platform::PlatformStore platform(store_.get(), &clock_);
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      RETURN_IF_ERROR(platform.PutEnvironment(tx, {.name = "production", .position = 1}));
      RETURN_IF_ERROR(platform.PutCluster(tx, {.name = "prod-eu",
                                               .region = "eu-west-1",
                                               .environment = "production",
                                               .runtime = "kubernetes"}));
      return platform.SetTargets(tx, project_id_, {"prod-eu"});
    }));
    http_ = http::NewCurlClient({.use_env_proxy = false});
    Register();
  }

  void Register() {
    router_ = http::Router();
    router_.Add(
        GoldenSignalsRoutes({.store = store_.get(),
                             .clock = &clock_,
                             .config = &config_,
                             .http = http_.get(),
                             .dashboard_url = [](const std::string& c, const std::string& ns) {
                               return "https://grafana.example/d/" + c + "-" + ns;
                             }}));
  }

  // A deployment of chat-gateway to prod-eu created `ago` seconds before now.
  void Deployed(const std::string& id, int64_t ago) {
    deploy::rollout::DeploymentStore deployments(store_.get(), &clock_);
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) {
      return deployments.Insert(tx, {.id = id,
                                     .request_id = "r-" + id,
                                     .project_id = project_id_,
                                     .environment = "production",
                                     .cluster = "prod-eu",
                                     .digest = "sha256:" + std::string(64, 'a'),
                                     .namespace_name = "chat-gateway",
                                     .state = deploy::rollout::State::kSucceeded,
                                     .requester = "dev-chat",
                                     .created_at_ms = (kNow - ago) * 1000});
    }));
  }

  MonitoringConfig config_;
  std::unique_ptr<http::Client> http_;
};

TEST_P(GoldenRoutesTest, WithoutPrometheusTheAnswerNamesTheNamespaceAndItsDeploysButNoPanels) {
  Deployed("d-old", int64_t{7} * 3600);
  Deployed("d-new", 3600);
  auto r = Call("GET", "/api/v1/projects/chat-gateway/monitoring/signals", Developer("ads"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["prometheus_configured"], false);
  EXPECT_EQ(r.json["cluster"], "prod-eu");
  EXPECT_EQ(r.json["namespace"], "chat-gateway");
  EXPECT_EQ(r.json["dashboard_url"], "https://grafana.example/d/prod-eu-chat-gateway");
  EXPECT_EQ(r.json["window"]["to"], kNow);
  EXPECT_EQ(r.json["window"]["from"], kNow - int64_t{6} * 3600);
  EXPECT_TRUE(r.json["panels"].empty());
  ASSERT_EQ(r.json["deploys"].size(), 1u) << "only the deploy inside the last six hours";
  EXPECT_EQ(r.json["deploys"][0]["id"], "d-new");
  EXPECT_EQ(r.json["deploys"][0]["time"], kNow - 3600);
}

TEST_P(GoldenRoutesTest, PrometheusDownIsAPanelErrorNotAServerError) {
  auto port = test_support::FreeLoopbackPort();
  ASSERT_OK(port);
  config_.prometheus_url = absl::StrCat("http://127.0.0.1:", *port);
  Register();
  auto r =
      Call("GET", "/api/v1/projects/chat-gateway/monitoring/signals?from=1699990000", Viewer());
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_FALSE(r.json["panels"].empty());
  for (const auto& p : r.json["panels"]) {
    EXPECT_NE(p["error"].get<std::string>().find("unreachable"), std::string::npos) << p;
  }
}

TEST_P(GoldenRoutesTest, AWrongWindowOrNamespaceIsAClientErrorNamingTheField) {
  struct Case {
    std::string query;
    int status;
    std::string field;
  };
  for (const Case& c :
       {Case{"from=1700000000&to=1699990000", 422, "from"}, Case{"from=1690000000", 422, "from"},
        Case{"from=1699900000&step=1", 422, "step"}, Case{"to=yesterday", 422, "to"},
        Case{"step=-1", 422, "step"}, Case{"cluster=prod-us", 404, "cluster"},
        Case{"cluster=prod-eu&namespace=kube-system", 404, "cluster"}}) {
    auto r = Call("GET", "/api/v1/projects/chat-gateway/monitoring/signals?" + c.query, Admin());
    EXPECT_EQ(r.status, c.status) << c.query << ": " << r.body;
    EXPECT_EQ(r.json["error"]["field"], c.field) << c.query;
  }
  EXPECT_EQ(Call("GET", "/api/v1/projects/nope/monitoring/signals", Admin()).status, 404);
  auto long_name = Call(
      "GET", "/api/v1/projects/chat-gateway/monitoring/signals?namespace=" + std::string(5000, 'n'),
      Admin());
  EXPECT_EQ(long_name.status, 404);
  EXPECT_LT(long_name.body.size(), 400u) << "the namespace is not echoed whole";
}

TEST_P(GoldenRoutesTest, AProjectWithoutClustersHasNoNamespaceYet) {
  auto r = Call("GET", "/api/v1/projects/ads-api/monitoring/signals", Developer("ads"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json["targets"].empty());
  EXPECT_TRUE(r.json["cluster"].is_null());
}

INSTANTIATE_TEST_SUITE_P(Engines, GoldenRoutesTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::monitoring
