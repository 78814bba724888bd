#include "deploy/render/locality.h"

#include "deploy/render/render_test_util.h"
#include "deploy/render/renderer.h"
#include "deploy/render/testing/render_fixture.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::deploy::render {
namespace {

using nlohmann::json;

TEST(ServiceLocalityTest, EachKubernetesVersionGetsTheFormItAccepts) {
  EXPECT_EQ(ServiceLocalityFor({1, 36}).traffic_distribution, "PreferSameZone");
  EXPECT_EQ(ServiceLocalityFor({1, 34}).traffic_distribution, "PreferSameZone");
  EXPECT_EQ(ServiceLocalityFor({1, 33}).traffic_distribution, "PreferClose");
  EXPECT_EQ(ServiceLocalityFor({1, 31}).traffic_distribution, "PreferClose");
  ServiceLocality v130 = ServiceLocalityFor({1, 30});
  EXPECT_EQ(v130.traffic_distribution, "");
  EXPECT_EQ(v130.annotation, "service.kubernetes.io/topology-mode");
  EXPECT_EQ(v130.annotation_value, "Auto");
  EXPECT_EQ(ServiceLocalityFor({1, 27}).annotation, "service.kubernetes.io/topology-mode");
  ServiceLocality v126 = ServiceLocalityFor({1, 26});
  EXPECT_EQ(v126.annotation, "service.kubernetes.io/topology-aware-hints");
  EXPECT_EQ(v126.annotation_value, "auto");
}

TEST(ServiceLocalityTest, AppliesTheFieldOrTheAnnotation) {
  json service = {{"kind", "Service"}, {"metadata", {{"name", "web"}}}, {"spec", json::object()}};
  json field = service;
  ApplyServiceLocality(ServiceLocalityFor({1, 34}), &field);
  EXPECT_EQ(field["spec"]["trafficDistribution"], "PreferSameZone");
  EXPECT_FALSE(field["metadata"].contains("annotations"));
  json annotated = service;
  ApplyServiceLocality(ServiceLocalityFor({1, 29}), &annotated);
  EXPECT_EQ(annotated["metadata"]["annotations"]["service.kubernetes.io/topology-mode"], "Auto");
  EXPECT_FALSE(annotated["spec"].contains("trafficDistribution"));
}

TEST(IstioTrafficPolicyTest, OutlierDetectionComesWithLocalityOnOrOff) {
  for (bool on : {true, false}) {
    json policy = IstioTrafficPolicy(on);
    EXPECT_EQ(policy["loadBalancer"]["localityLbSetting"]["enabled"], on);
    EXPECT_EQ(policy["outlierDetection"]["consecutive5xxErrors"], 5);
    EXPECT_FALSE(policy["loadBalancer"]["localityLbSetting"].contains("failover"));
  }
}

TEST(LocalityOnTest, TheSpecDecidesElseTheMeshDefault) {
  spec::Component web;
  platform::Cluster istio{.mesh = "istio"};
  platform::Cluster plain;
  EXPECT_TRUE(LocalityOn(web, istio));
  EXPECT_FALSE(LocalityOn(web, plain));
  web.traffic = spec::Traffic{};  // `traffic: {}`
  EXPECT_TRUE(LocalityOn(web, istio));
  EXPECT_FALSE(LocalityOn(web, plain));
  web.traffic->locality = false;
  EXPECT_FALSE(LocalityOn(web, istio));
  web.traffic->locality = true;
  EXPECT_TRUE(LocalityOn(web, plain));
}

TEST(LocalityRenderTest, AClusterOfUnknownVersionIsRenderedAsTheDefault) {
  spec::AppSpec spec = testing::FixtureSpec();
  spec.components[0].traffic = spec::Traffic{.locality = true};
  platform::Cluster cluster = testing::AlphaCluster();
  ASSERT_EQ(cluster.kubernetes_version, "");
  auto objects = Render(testing::FixtureInput(spec, testing::AlphaEnvironment(), cluster),
                        testing::FixtureStandards());
  ASSERT_OK(objects);
  json service = testing::Find(*objects, "Service", "web");
  EXPECT_EQ(service["spec"]["trafficDistribution"], "PreferClose");
  EXPECT_TRUE(testing::OfKind(*objects, "DestinationRule").empty());
}

TEST(LocalityWarningsTest, FewerReplicasThanZonesIsWarnedAboutWhereLocalityIsAskedFor) {
  spec::AppSpec spec = testing::FixtureSpec();
  platform::Cluster prod = testing::ProductionCluster();  // three zones
  // web autoscales from 3: enough; without traffic.locality nothing is said either way.
  EXPECT_TRUE(LocalityWarnings(spec, "production", prod).empty());
  spec.components[0].traffic = spec::Traffic{.locality = true};
  EXPECT_TRUE(LocalityWarnings(spec, "production", prod).empty());
  spec.components[0].autoscale.reset();  // replicas: {alpha: 1, production: 3}
  EXPECT_TRUE(LocalityWarnings(spec, "production", prod).empty());
  std::vector<std::string> alpha = LocalityWarnings(spec, "alpha", prod);
  ASSERT_EQ(alpha.size(), 1u);
  EXPECT_EQ(alpha[0].rfind("services.web.traffic.locality: 1 replicas for the 3 zones of cluster "
                           "prod-eu-west",
                           0),
            0u)
      << alpha[0];
  prod.zones = {"eu-west-1a"};  // one zone: nothing crosses
  EXPECT_TRUE(LocalityWarnings(spec, "alpha", prod).empty());
}

}  // namespace
}  // namespace paved::deploy::render
