#include "deploy/policy/policy_test_objects.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paved::deploy::policy {
namespace {

using json = nlohmann::json;
using testing::DeploymentFindings;
using testing::FindingsOf;
using testing::GoodDeployment;
using testing::GoodPdb;

TEST(ProductionReplicasTest, PassesWithThreeInProductionAndOneInAlpha) {
  EXPECT_TRUE(DeploymentFindings("production-replicas", [](json&) {}).empty());
  json one = GoodDeployment();
  one["spec"]["replicas"] = 1;
  EXPECT_TRUE(FindingsOf("production-replicas", {one, GoodPdb()}, "alpha").empty());
}

TEST(ProductionReplicasTest, FailsWithOneOrUnsetInProduction) {
  auto one = DeploymentFindings("production-replicas", [](json& d) { d["spec"]["replicas"] = 1; });
  auto unset =
      DeploymentFindings("production-replicas", [](json& d) { d["spec"].erase("replicas"); });
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].path, "spec.replicas");
  EXPECT_EQ(unset.size(), 1u);
}

json Hpa(const std::string& target, int min_replicas) {
  return {
      {"apiVersion", "autoscaling/v2"},
      {"kind", "HorizontalPodAutoscaler"},
      {"metadata", {{"name", target}, {"namespace", "chat"}}},
      {"spec",
       {{"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", target}}},
        {"minReplicas", min_replicas},
        {"maxReplicas", 10}}}};
}

TEST(ProductionReplicasTest, WithAnAutoscalerItsMinReplicasCounts) {
  json scaled = GoodDeployment();
  scaled["spec"].erase("replicas");  // the HPA owns it
  EXPECT_TRUE(FindingsOf("production-replicas", {scaled, GoodPdb(), Hpa("web", 3)}).empty());
  auto low = FindingsOf("production-replicas", {scaled, GoodPdb(), Hpa("web", 1)});
  ASSERT_EQ(low.size(), 1u);
  EXPECT_THAT(low[0].message, ::testing::HasSubstr("minReplicas 1"));
  json three = GoodDeployment();
  three["spec"]["replicas"] = 3;
  EXPECT_EQ(FindingsOf("production-replicas", {three, GoodPdb(), Hpa("web", 1)}).size(), 1u);
  // An autoscaler of another workload does not count.
  EXPECT_EQ(FindingsOf("production-replicas", {scaled, GoodPdb(), Hpa("worker", 3)}).size(), 1u);
}

TEST(ProductionPdbTest, PassesWithMatchingPdbInTheSameSet) {
  EXPECT_TRUE(FindingsOf("production-pdb", {GoodDeployment(), GoodPdb()}).empty());
}

TEST(ProductionPdbTest, FailsWithoutPdbOrWithOneElsewhere) {
  EXPECT_EQ(FindingsOf("production-pdb", {GoodDeployment()}).size(), 1u);
  json other_ns = GoodPdb();
  other_ns["metadata"]["namespace"] = "billing";
  json other_app = GoodPdb();
  other_app["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] = "worker";
  auto f = FindingsOf("production-pdb", {GoodDeployment(), other_ns, other_app});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].object, "Deployment/chat/web");
  EXPECT_TRUE(FindingsOf("production-pdb", {GoodDeployment()}, "alpha").empty());
}

TEST(RequiredLabelsTest, PassesWithAllLabels) {
  EXPECT_TRUE(DeploymentFindings("required-labels", [](json&) {}).empty());
}

TEST(RequiredLabelsTest, FailsOnMissingLabelAndHonoursConfig) {
  json d = GoodDeployment();
  d["metadata"]["labels"].erase("paved.dev/team");
  auto f = FindingsOf("required-labels", {d});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].path, "metadata.labels['paved.dev/team']");
  PolicyConfig cfg;
  cfg.required_labels = {"cost-center"};
  EXPECT_EQ(FindingsOf("required-labels", {GoodDeployment()}, "alpha", cfg).size(), 1u);
}

json Role(const std::string& kind, json rules) {
  return {{"apiVersion", "rbac.authorization.k8s.io/v1"},
          {"kind", kind},
          {"metadata", {{"name", "reader"}, {"namespace", "chat"}}},
          {"rules", std::move(rules)}};
}

TEST(RbacNoWildcardsTest, PassesWithExplicitRules) {
  json rules = {{{"apiGroups", {""}}, {"resources", {"pods"}}, {"verbs", {"get", "list"}}}};
  EXPECT_TRUE(FindingsOf("rbac-no-wildcards", {Role("Role", rules)}).empty());
}

TEST(RbacNoWildcardsTest, FailsOnWildcards) {
  json rules = {{{"apiGroups", {""}}, {"resources", {"pods"}}, {"verbs", {"get"}}},
                {{"apiGroups", {"*"}}, {"resources", {"secrets"}}, {"verbs", {"get", "*"}}}};
  auto f = FindingsOf("rbac-no-wildcards", {Role("ClusterRole", rules)});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].path, "rules[1].verbs[1]");
  EXPECT_EQ(f[1].path, "rules[1].apiGroups[0]");
  EXPECT_EQ(f[0].object, "ClusterRole/reader");
}

json Service(const std::string& ns, const std::string& type) {
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", {{"name", "web"}, {"namespace", ns}, {"labels", testing::Labels()}}},
          {"spec", {{"type", type}, {"ports", {{{"port", 80}}}}}}};
}

TEST(LoadBalancerNamespacesTest, PassesForClusterIpAndAllowedNamespace) {
  PolicyConfig cfg;
  cfg.allowed_load_balancer_namespaces = {"ingress"};
  EXPECT_TRUE(FindingsOf("load-balancer-namespaces",
                         {Service("chat", "ClusterIP"), Service("ingress", "LoadBalancer")},
                         "production", cfg)
                  .empty());
}

TEST(LoadBalancerNamespacesTest, FailsElsewhere) {
  PolicyConfig cfg;
  cfg.allowed_load_balancer_namespaces = {"ingress"};
  auto f = FindingsOf("load-balancer-namespaces", {Service("chat", "LoadBalancer")}, "alpha", cfg);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].path, "spec.type");
  EXPECT_EQ(f[0].object, "Service/chat/web");
}

}  // namespace
}  // namespace paved::deploy::policy
