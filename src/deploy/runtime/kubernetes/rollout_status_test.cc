#include "deploy/runtime/kubernetes/rollout_status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace paved::deploy::runtime::kubernetes {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

json Deployment(int64_t generation, int replicas, json status) {
  return {{"kind", "Deployment"},
          {"metadata", {{"name", "web"}, {"generation", generation}}},
          {"spec", {{"replicas", replicas}}},
          {"status", std::move(status)}};
}

TEST(DeploymentHealthTest, ObservedGenerationLagIsProgressing) {
  HealthReport r = DeploymentHealth(Deployment(2, 3,
                                               {{"observedGeneration", 1},
                                                {"replicas", 3},
                                                {"updatedReplicas", 3},
                                                {"availableReplicas", 3}}));
  EXPECT_EQ(r.health, Health::kProgressing);
  EXPECT_THAT(r.message, HasSubstr("spec update to be observed"));
}

TEST(DeploymentHealthTest, FewerUpdatedThanDesiredIsProgressing) {
  HealthReport r = DeploymentHealth(Deployment(2, 3,
                                               {{"observedGeneration", 2},
                                                {"replicas", 4},
                                                {"updatedReplicas", 1},
                                                {"availableReplicas", 3}}));
  EXPECT_EQ(r.health, Health::kProgressing);
  EXPECT_THAT(r.message, HasSubstr("1 out of 3 new replicas have been updated"));
}

TEST(DeploymentHealthTest, OldReplicasRemainingIsProgressing) {
  HealthReport r = DeploymentHealth(Deployment(2, 3,
                                               {{"observedGeneration", 2},
                                                {"replicas", 4},
                                                {"updatedReplicas", 3},
                                                {"availableReplicas", 3}}));
  EXPECT_EQ(r.health, Health::kProgressing);
  EXPECT_THAT(r.message, HasSubstr("1 old replicas are pending termination"));
}

TEST(DeploymentHealthTest, AvailableBelowUpdatedIsProgressing) {
  HealthReport r = DeploymentHealth(Deployment(2, 3,
                                               {{"observedGeneration", 2},
                                                {"replicas", 3},
                                                {"updatedReplicas", 3},
                                                {"availableReplicas", 2}}));
  EXPECT_EQ(r.health, Health::kProgressing);
  EXPECT_THAT(r.message, HasSubstr("2 of 3 updated replicas are available"));
}

TEST(DeploymentHealthTest, CompleteRolloutIsHealthy) {
  HealthReport r = DeploymentHealth(Deployment(2, 3,
                                               {{"observedGeneration", 3},
                                                {"replicas", 3},
                                                {"updatedReplicas", 3},
                                                {"availableReplicas", 3}}));
  EXPECT_EQ(r.health, Health::kHealthy);
  EXPECT_THAT(r.message, HasSubstr("successfully rolled out"));
}

TEST(DeploymentHealthTest, ProgressDeadlineExceededIsFailedOnceObserved) {
  json status = {
      {"observedGeneration", 2},
      {"replicas", 4},
      {"updatedReplicas", 1},
      {"availableReplicas", 3},
      {"conditions",
       {{{"type", "Progressing"}, {"status", "False"}, {"reason", "ProgressDeadlineExceeded"}}}}};
  HealthReport r = DeploymentHealth(Deployment(2, 3, status));
  EXPECT_EQ(r.health, Health::kFailed);
  EXPECT_THAT(r.message, HasSubstr("exceeded its progress deadline"));
  // A deadline of the previous generation does not fail the new one (kubectl's order).
  EXPECT_EQ(DeploymentHealth(Deployment(3, 3, status)).health, Health::kProgressing);
}

TEST(DeploymentHealthTest, WithoutSpecReplicasOnlyTheStatusCounts) {
  json d = Deployment(1, 0,
                      {{"observedGeneration", 1},
                       {"replicas", 2},
                       {"updatedReplicas", 2},
                       {"availableReplicas", 2}});
  d["spec"].erase("replicas");
  EXPECT_EQ(DeploymentHealth(d).health, Health::kHealthy);
}

json Pod(const std::string& name, const std::string& reason, int restarts) {
  return {{"metadata", {{"name", name}}},
          {"status",
           {{"phase", "Running"},
            {"containerStatuses",
             {{{"name", "app"},
               {"restartCount", restarts},
               {"state", {{"waiting", {{"reason", reason}}}}}}}}}}};
}

TEST(StuckPodsTest, NamesCrashLoopingAndUnpullablePods) {
  json pods = {Pod("web-1", "CrashLoopBackOff", 5), Pod("web-2", "CrashLoopBackOff", 2),
               Pod("web-3", "ImagePullBackOff", 0), Pod("web-4", "ContainerCreating", 0),
               Pod("web-5", "ErrImagePull", 0)};
  EXPECT_THAT(StuckPods(pods), ElementsAre("pod web-1: container app CrashLoopBackOff (5 restarts)",
                                           "pod web-3: container app ImagePullBackOff (0 restarts)",
                                           "pod web-5: container app ErrImagePull (0 restarts)"));
}

TEST(SelectorOfTest, JoinsEqualityTerms) {
  EXPECT_EQ(SelectorOf(json{{"a", "1"}, {"b", "x"}}), "a=1,b=x");
  EXPECT_EQ(SelectorOf(json()), "");
}

}  // namespace
}  // namespace paved::deploy::runtime::kubernetes
