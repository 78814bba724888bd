#include "deploy/policy/policy_test_objects.h"
#include "gtest/gtest.h"

namespace paved::deploy::policy {
namespace {

using json = nlohmann::json;
using testing::Container;
using testing::DeploymentFindings;

const std::string kC = "spec.template.spec.containers[0]";

TEST(ResourcesRequiredTest, PassesWithRequestsAndLimits) {
  EXPECT_TRUE(DeploymentFindings("resources-required", [](json&) {}).empty());
}

TEST(ResourcesRequiredTest, FailsOnMissingCpuLimit) {
  auto f = DeploymentFindings("resources-required",
                              [](json& d) { Container(d)["resources"]["limits"].erase("cpu"); });
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].path, kC + ".resources.limits.cpu");
  EXPECT_EQ(f[0].object, "Deployment/chat/web");
  EXPECT_EQ(f[0].severity, Severity::kError);
  EXPECT_FALSE(f[0].how_to_fix.empty());
}

TEST(ResourcesCeilingTest, PassesWithinCeilings) {
  EXPECT_TRUE(DeploymentFindings("resources-ceiling", [](json& d) {
                Container(d)["resources"]["limits"] = {{"cpu", "4000m"}, {"memory", "8Gi"}};
              }).empty());
}

TEST(ResourcesCeilingTest, FailsAboveCeilingAndOnBadQuantity) {
  auto f = DeploymentFindings("resources-ceiling", [](json& d) {
    Container(d)["resources"]["limits"] = {{"cpu", 8}, {"memory", "lots"}};
  });
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].path, kC + ".resources.limits.cpu");
  EXPECT_NE(f[0].message.find("ceiling of 4"), std::string::npos);
  EXPECT_EQ(f[1].path, kC + ".resources.limits.memory");
}

TEST(ProbesRequiredTest, PassesWithBothProbes) {
  EXPECT_TRUE(DeploymentFindings("probes-required", [](json&) {}).empty());
}

TEST(ProbesRequiredTest, FailsWithoutReadinessProbe) {
  auto f =
      DeploymentFindings("probes-required", [](json& d) { Container(d).erase("readinessProbe"); });
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].path, kC + ".readinessProbe");
}

TEST(ProbesRequiredTest, ContainersWithoutPortsNeedNoProbes) {
  auto f = DeploymentFindings("probes-required", [](json& d) {
    Container(d).erase("readinessProbe");
    Container(d).erase("livenessProbe");
    Container(d).erase("ports");
  });
  EXPECT_TRUE(f.empty());
}

TEST(ImageDigestTest, PassesWithDigest) {
  EXPECT_TRUE(DeploymentFindings("image-digest", [](json&) {}).empty());
}

TEST(ImageDigestTest, FailsOnTagOrShortDigest) {
  for (const char* image : {"registry.example.com/chat:1.2", "chat@sha256:abc"}) {
    auto f = DeploymentFindings("image-digest", [&](json& d) { Container(d)["image"] = image; });
    ASSERT_EQ(f.size(), 1u) << image;
    EXPECT_EQ(f[0].path, kC + ".image");
  }
}

TEST(ImageNoLatestTest, PassesWithVersionTagOrDigest) {
  EXPECT_TRUE(DeploymentFindings("image-no-latest", [](json& d) {
                Container(d)["image"] = "registry.example.com:5000/chat:1.2";
              }).empty());
  EXPECT_TRUE(DeploymentFindings("image-no-latest", [](json&) {}).empty());
}

TEST(ImageNoLatestTest, FailsOnLatestAndUntagged) {
  for (const char* image : {"chat:latest", "registry.example.com:5000/chat"}) {
    auto f = DeploymentFindings("image-no-latest", [&](json& d) { Container(d)["image"] = image; });
    EXPECT_EQ(f.size(), 1u) << image;
  }
}

TEST(NoPrivilegedTest, PassesWhenNotPrivileged) {
  EXPECT_TRUE(DeploymentFindings("no-privileged", [](json&) {}).empty());
}

TEST(NoPrivilegedTest, FailsOnPrivilegedInitContainer) {
  auto f = DeploymentFindings("no-privileged", [](json& d) {
    json init = testing::GoodContainer();
    init["securityContext"]["privileged"] = true;
    d["spec"]["template"]["spec"]["initContainers"] = {init};
  });
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].path, "spec.template.spec.initContainers[0].securityContext.privileged");
}

TEST(NoPrivilegeEscalationTest, PassesWhenExplicitlyFalse) {
  EXPECT_TRUE(DeploymentFindings("no-privilege-escalation", [](json&) {}).empty());
}

TEST(NoPrivilegeEscalationTest, FailsWhenTrueOrUnset) {
  auto t = DeploymentFindings("no-privilege-escalation", [](json& d) {
    Container(d)["securityContext"]["allowPrivilegeEscalation"] = true;
  });
  auto unset = DeploymentFindings("no-privilege-escalation",
                                  [](json& d) { Container(d).erase("securityContext"); });
  ASSERT_EQ(t.size(), 1u);
  ASSERT_EQ(unset.size(), 1u);
  EXPECT_EQ(t[0].path, kC + ".securityContext.allowPrivilegeEscalation");
}

}  // namespace
}  // namespace paved::deploy::policy
