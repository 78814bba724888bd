#include "monitoring/rules/release_rules.h"

#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::monitoring::rules {
namespace {

deploy::render::RenderInput Input(const deploy::spec::AppSpec* spec, const std::string& runtime) {
  deploy::render::RenderInput in;
  in.spec = spec;
  in.project = "chat-gateway";
  in.team = "chat";
  in.namespace_name = "chat";
  in.environment = {.name = "production"};
  in.cluster = {.name = "prod-eu", .environment = "production", .runtime = runtime};
  return in;
}

deploy::spec::AppSpec Spec() {
  deploy::spec::AppSpec spec;
  spec.components = {{.name = "web", .kind = deploy::spec::ComponentKind::kService},
                     {.name = "jobs", .kind = deploy::spec::ComponentKind::kWorker}};
  spec.monitoring.metrics.source = "app";
  spec.monitoring.slo.availability = 99.95;
  return spec;
}

TEST(ReleaseRulesTest, KubernetesAndGitopsReleasesCarryTheNamespacesRule) {
  MonitoringConfig config;
  deploy::spec::AppSpec spec = Spec();
  auto hook = PrometheusRuleObjects(&config);
  for (const char* runtime : {"kubernetes", "gitops"}) {
    auto objects = hook(Input(&spec, runtime));
    ASSERT_OK(objects);
    ASSERT_EQ(objects->size(), 1u) << runtime;
    EXPECT_EQ((*objects)[0]["kind"], "PrometheusRule");
    EXPECT_EQ((*objects)[0]["metadata"]["namespace"], "chat");
  }
  Target t = TargetOfRelease(Input(&spec, "kubernetes"), config);
  EXPECT_EQ(t.services, std::vector<std::string>{"web"});
  EXPECT_EQ(t.metrics.requests.requests_total, "http_requests_total");
  EXPECT_DOUBLE_EQ(t.slo.availability, 99.95);
}

TEST(ReleaseRulesTest, TheLocalRuntimeAndAnOptOutGetNone) {
  MonitoringConfig config;
  deploy::spec::AppSpec spec = Spec();
  auto local = PrometheusRuleObjects(&config)(Input(&spec, "local"));
  ASSERT_OK(local);
  EXPECT_TRUE(local->empty());
  config.prometheus_rule = false;
  auto off = PrometheusRuleObjects(&config)(Input(&spec, "kubernetes"));
  ASSERT_OK(off);
  EXPECT_TRUE(off->empty());
}

}  // namespace
}  // namespace paved::monitoring::rules
