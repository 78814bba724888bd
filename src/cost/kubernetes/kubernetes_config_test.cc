#include "cost/kubernetes/kubernetes_config.h"

#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::cost::kubernetes {
namespace {

using nlohmann::json;

TEST(KubernetesCostConfigTest, AbsentIsDisabledWithOpenCostsDefaults) {
  auto c = ParseKubernetesCostConfig(json::object());
  ASSERT_OK(c);
  EXPECT_FALSE(c->enabled);
  ASSERT_EQ(c->shared_namespaces.size(), 3u);
  EXPECT_EQ(c->shared_namespaces[0].namespace_name, "kube-system");
  EXPECT_DOUBLE_EQ(c->default_price.cpu_hour, 0.031611);
}

TEST(KubernetesCostConfigTest, ReadsTheWholeBlock) {
  json file = json::parse(R"({"cost": {"kubernetes": {
      "prometheus_url": "http://prom:9090", "cluster": "prod",
      "metrics": {"cluster_label": "cluster", "pod_info": "kube_pod_info_v2"},
      "shared_namespaces": {"kube-system": {"platform": 1, "payments": 3}, "monitoring": null},
      "node_prices": {"m5.large": {"cpu_hour": 0.04, "gib_hour": 0.005},
                      "c5.large": {"hourly": 0.085}},
      "cpu_to_ram_price_ratio": 8, "timeout_seconds": 5, "every_minutes": 30,
      "backfill_days": 3}}})");
  auto c = ParseKubernetesCostConfig(file);
  ASSERT_OK(c);
  EXPECT_TRUE(c->enabled);
  EXPECT_EQ(c->cluster, "prod");
  EXPECT_EQ(c->metrics.cluster_label, "cluster");
  EXPECT_EQ(c->metrics.pod_info, "kube_pod_info_v2");
  EXPECT_EQ(c->metrics.requests, "kube_pod_container_resource_requests");
  ASSERT_EQ(c->shared_namespaces.size(), 2u);
  EXPECT_EQ(c->shared_namespaces[0].namespace_name, "kube-system");
  EXPECT_DOUBLE_EQ(c->shared_namespaces[0].weights.at("payments"), 3);
  EXPECT_TRUE(c->shared_namespaces[1].weights.empty());
  EXPECT_DOUBLE_EQ(c->node_prices.at("c5.large").hourly, 0.085);
  EXPECT_EQ(c->timeout_ms, 5000);
  EXPECT_EQ(c->every_ms, 30 * 60'000);
  EXPECT_EQ(c->backfill_days, 3);
}

TEST(KubernetesCostConfigTest, MistakesNameTheirKey) {
  auto error = [](const std::string& text) {
    auto c = ParseKubernetesCostConfig(json::parse(text));
    return c.ok() ? std::string("ok") : std::string(c.status().message());
  };
  EXPECT_EQ(error(R"({"cost": {"kubernetes": {"prometheus_url": "http://p"}}})"),
            "cost.kubernetes.cluster: required with prometheus_url");
  EXPECT_EQ(error(R"({"cost": {"kubernetes": {"node_prices": {"m5.large": {"cpu": 1}}}}})"),
            "cost.kubernetes.node_prices.m5.large.cpu: unknown key (cpu_hour, gib_hour, hourly)");
  EXPECT_EQ(error(R"({"cost": {"kubernetes": {"node_prices": {"m5.large": {"hourly": "x"}}}}})"),
            "cost.kubernetes.node_prices.m5.large.hourly: not a number of at least 0");
  EXPECT_EQ(error(R"({"cost": {"kubernetes": {"timeout_seconds": 0}}})"),
            "cost.kubernetes.timeout_seconds: not a whole number above 0");
  EXPECT_EQ(error(R"({"cost": {"kubernetes": {"metrics": {"cpu": "x"}}}})"),
            "cost.kubernetes.metrics.cpu: unknown key");
  EXPECT_EQ(error(R"({"cost": {"kubernetes": {"shared_namespaces": {"kube-system": 3}}}})"),
            "cost.kubernetes.shared_namespaces.kube-system: not a map of team to weight");
}

}  // namespace
}  // namespace paved::cost::kubernetes
