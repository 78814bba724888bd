#include "monitoring/targets.h"

#include "deploy/platform/platform_store.h"
#include "deploy/rollout/deployment_store.h"
#include "deploy/spec/spec_store.h"
#include "tests/support/route_fixture.h"

namespace paved::monitoring {
namespace {

using test_support::EngineParamName;

constexpr char kChatSpec[] = R"(apiVersion: paved.dev/v1
services:
  web: {image: r/web, port: 8080}
  api: {image: r/api, port: 8081}
workers:
  mailer: {image: r/mailer}
monitoring:
  metrics: {source: app, requests_total: chat_requests_total, status_label: status}
  slo: {availability: 99.95, latency: {percent: 95, ms: 500}}
)";

class TargetsTest : public test_support::RouteFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SetUpCatalog({{"chat-gateway", "chat"}, {"ads-api", "ads"}}));
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      deploy::platform::PlatformStore platform(store_.get(), &clock_);
      deploy::platform::Cluster eu{.name = "prod-eu",
                                   .region = "eu-west-1",
                                   .environment = "production",
                                   .runtime = "kubernetes",
                                   .endpoint = "https://k8s.example.com",
                                   .credentials = "env:KUBECONFIG_EU"};
      if (auto s = platform.PutCluster(tx, eu); !s.ok()) return s;
      return platform.SetTargets(tx, project_ids_["chat-gateway"], {"prod-eu"});
    }));
  }

  void PushSpec(const std::string& slug, const std::string& yaml) {
    deploy::spec::SpecStore specs(store_.get(), &clock_);
    bool created = false;
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) {
      return specs.Put(tx, project_ids_[slug], yaml, "alice", "", &created).status();
    }));
  }

  void Deployed(const std::string& slug, const std::string& cluster, const std::string& ns,
                deploy::rollout::State state) {
    deploy::rollout::DeploymentStore deployments(store_.get(), &clock_);
    deploy::rollout::Deployment d{.id = "d-" + std::to_string(++deployments_),
                                  .request_id = "r",
                                  .project_id = project_ids_[slug],
                                  .environment = "production",
                                  .cluster = cluster,
                                  .region = "eu-west-1",
                                  .digest = "sha256:" + std::string(64, 'a'),
                                  .spec_version = 1,
                                  .namespace_name = ns,
                                  .manifests = "",
                                  .manifest_hash = "h"};
    d.state = state;
    d.requester = "alice";
    d.created_at_ms = clock_.NowMs();
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) { return deployments.Insert(tx, d); }));
  }

  void Claim(const std::string& slug, std::vector<catalog::ProjectNamespace> claims) {
    auto p = projects_->FindBySlug(slug);
    ASSERT_OK(p);
    (*p)->namespaces = std::move(claims);
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) { return projects_->Update(tx, **p); }));
  }

  std::vector<std::string> Where(const std::vector<Target>& targets) {
    std::vector<std::string> out;
    for (const auto& t : targets) out.push_back(t.project + "@" + t.cluster + "/" + t.ns);
    return out;
  }

  MonitoringConfig config_;
  int deployments_ = 0;
};

TEST_P(TargetsTest, NamespacesComeFromTargetsDeploymentsAndClaims) {
  Deployed("ads-api", "prod-eu", "ads", deploy::rollout::State::kSucceeded);
  Deployed("ads-api", "prod-eu", "ads-canary", deploy::rollout::State::kFailed);
  Claim("ads-api", {{"local-alpha", "ads-dev"}, {"", "ads-shared"}});
  auto all = AllTargets(*store_, config_);
  ASSERT_OK(all);
  EXPECT_EQ(Where(*all), (std::vector<std::string>{
                             "ads-api@local-alpha/ads-dev", "ads-api@local-alpha/ads-shared",
                             "ads-api@prod-eu/ads", "ads-api@prod-eu/ads-shared",
                             "chat-gateway@prod-eu/chat-gateway"}));
  EXPECT_EQ((*all)[0].team, "ads");
  EXPECT_EQ((*all)[0].runtime, "local");
  EXPECT_EQ((*all)[2].runtime, "kubernetes");
  EXPECT_EQ((*all)[2].environment, "production");
  auto one = TargetsOf(*store_, config_, "ads-api");
  ASSERT_OK(one);
  std::vector<std::string> everywhere = Where(*all);
  EXPECT_EQ(Where(*one), std::vector<std::string>(everywhere.begin(), everywhere.begin() + 4));
  EXPECT_CODE(TargetsOf(*store_, config_, "nope"), kNotFound);
}

TEST_P(TargetsTest, TheLatestSpecGivesServicesMetricsAndObjectives) {
  PushSpec("chat-gateway", "apiVersion: paved.dev/v1\nservices:\n  old: {image: r/o, port: 80}\n");
  PushSpec("chat-gateway", kChatSpec);
  auto all = AllTargets(*store_, config_);
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 1u);
  const Target& t = all->front();
  EXPECT_EQ(t.services, (std::vector<std::string>{"api", "web"}));
  EXPECT_EQ(t.metrics.source, "app");
  EXPECT_EQ(t.metrics.requests.requests_total, "chat_requests_total");
  EXPECT_EQ(t.metrics.requests.status_label, "status");
  EXPECT_EQ(t.metrics.requests.duration_bucket, "http_request_duration_seconds_bucket");
  EXPECT_DOUBLE_EQ(t.slo.availability, 99.95);
  EXPECT_DOUBLE_EQ(t.slo.latency_percent, 95);
  EXPECT_EQ(t.slo.latency_ms, 500);
  EXPECT_EQ(t.slo.window_days, 30);
  auto one = TargetsOf(*store_, config_, "chat-gateway");
  ASSERT_OK(one);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(one->front().services, t.services);
}

TEST_P(TargetsTest, WithoutASpecThePlatformDefaultsApply) {
  auto all = AllTargets(*store_, config_);
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_TRUE(all->front().services.empty());
  EXPECT_EQ(all->front().metrics.source, "istio");
  EXPECT_EQ(all->front().metrics.requests.requests_total, "istio_requests_total");
  EXPECT_DOUBLE_EQ(all->front().slo.availability, 99.9);
}

TEST(ResolveTest, SpecOverridesOnlyWhatItNames) {
  MonitoringConfig config;
  config.cluster_label = "cluster";
  deploy::spec::MonitoringSpec spec;
  spec.slo.latency_ms = 100;
  spec.slo.latency_percent = 90;
  MetricSource m = ResolveMetrics(config, spec);
  EXPECT_EQ(m.source, "istio");
  EXPECT_EQ(m.cluster_label, "cluster");
  EXPECT_EQ(m.requests.match.at("reporter"), "destination");
  Slo slo = ResolveSlo(config, spec);
  EXPECT_DOUBLE_EQ(slo.availability, 99.9);
  EXPECT_EQ(slo.latency_ms, 100);
  spec.metrics.source = "app";
  EXPECT_EQ(ResolveMetrics(config, spec).requests.requests_total, "http_requests_total");
}

INSTANTIATE_TEST_SUITE_P(Engines, TargetsTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::monitoring
