#include "deploy/policy/policy_test_objects.h"
#include "gtest/gtest.h"

namespace paved::deploy::policy {
namespace {

using json = nlohmann::json;
using testing::Container;
using testing::DeploymentFindings;

const std::string kPod = "spec.template.spec";

TEST(RunAsNonRootTest, PassesWithPodLevelSetting) {
  EXPECT_TRUE(DeploymentFindings("run-as-non-root", [](json&) {}).empty());
}

TEST(RunAsNonRootTest, FailsWhenUnsetOrOverriddenOrRoot) {
  auto unset = DeploymentFindings(
      "run-as-non-root", [](json& d) { d["spec"]["template"]["spec"].erase("securityContext"); });
  ASSERT_EQ(unset.size(), 1u);
  EXPECT_EQ(unset[0].path, kPod + ".securityContext.runAsNonRoot");
  auto overridden = DeploymentFindings(
      "run-as-non-root", [](json& d) { Container(d)["securityContext"]["runAsNonRoot"] = false; });
  ASSERT_EQ(overridden.size(), 1u);
  EXPECT_EQ(overridden[0].path, kPod + ".containers[0].securityContext.runAsNonRoot");
  auto root = DeploymentFindings("run-as-non-root", [](json& d) {
    d["spec"]["template"]["spec"]["securityContext"]["runAsUser"] = 0;
  });
  EXPECT_EQ(root.size(), 1u);
}

TEST(NoHostPathTest, PassesWithEmptyDir) {
  EXPECT_TRUE(DeploymentFindings("no-host-path", [](json& d) {
                d["spec"]["template"]["spec"]["volumes"] = {
                    {{"name", "tmp"}, {"emptyDir", json::object()}}};
              }).empty());
}

TEST(NoHostPathTest, FailsOnHostPathVolume) {
  auto f = DeploymentFindings("no-host-path", [](json& d) {
    d["spec"]["template"]["spec"]["volumes"] = {
        {{"name", "tmp"}, {"emptyDir", json::object()}},
        {{"name", "docker"}, {"hostPath", {{"path", "/var/run/docker.sock"}}}}};
  });
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].path, kPod + ".volumes[1].hostPath");
}

TEST(NoHostNamespacesTest, PassesWhenFalse) {
  EXPECT_TRUE(DeploymentFindings("no-host-namespaces", [](json& d) {
                d["spec"]["template"]["spec"]["hostNetwork"] = false;
              }).empty());
}

TEST(NoHostNamespacesTest, FailsOnEachHostNamespace) {
  auto f = DeploymentFindings("no-host-namespaces", [](json& d) {
    for (const char* k : {"hostNetwork", "hostPID", "hostIPC"}) {
      d["spec"]["template"]["spec"][k] = true;
    }
  });
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].path, kPod + ".hostNetwork");
  EXPECT_EQ(f[2].path, kPod + ".hostIPC");
}

TEST(PodSpecPathTest, CronJobAndPodUseTheirOwnPaths) {
  json cron = testing::GoodCronJob();
  auto& pod = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"];
  pod["hostPID"] = true;
  json bare = {{"kind", "Pod"},
               {"metadata", {{"name", "p"}, {"labels", testing::Labels()}}},
               {"spec", testing::GoodPodSpec()}};
  bare["spec"]["hostPID"] = true;
  auto f = testing::FindingsOf("no-host-namespaces", {cron, bare});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].path, "spec.jobTemplate.spec.template.spec.hostPID");
  EXPECT_EQ(f[0].object, "CronJob/chat/cleanup");
  EXPECT_EQ(f[1].path, "spec.hostPID");
  EXPECT_EQ(f[1].object, "Pod/default/p");
}

TEST(PodSpecPathTest, GoodCronJobPassesEveryRule) {
  EXPECT_TRUE(CheckObjects({testing::GoodCronJob()}, "production", PolicyConfig()).empty());
}

}  // namespace
}  // namespace paved::deploy::policy
