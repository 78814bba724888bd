// `paved clusters ...` against canned answers: request shapes and output.

#include "cli/testing/canned_cli_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace paved::cli {
namespace {

using json = nlohmann::json;
using ::testing::HasSubstr;

json Cluster(const std::string& version) {
  return {{"name", "prod-eu"},
          {"region", "eu-west-1"},
          {"environment", "production"},
          {"runtime", "kubernetes"},
          {"endpoint", ""},
          {"mesh", ""},
          {"zones", {"eu-west-1a", "eu-west-1b"}},
          {"teams", json::array()},
          {"kubernetes_version", version}};
}

class ClustersCliTest : public testing::CannedCliTest {};

TEST_F(ClustersCliTest, ListShowsTheKubernetesVersionOrUnknown) {
  json other = Cluster("");
  other["name"] = "alpha-eu";
  Answer("GET /clusters", 200, {{"items", {Cluster("1.34"), other}}});
  ASSERT_EQ(Run({"clusters", "list"}), 0) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("KUBERNETES"));
  EXPECT_THAT(out_.str(), HasSubstr("eu-west-1a,eu-west-1b"));
  EXPECT_THAT(out_.str(), HasSubstr("1.34"));
  EXPECT_THAT(out_.str(), HasSubstr("unknown"));
}

TEST_F(ClustersCliTest, SetSendsOnlyTheOptionsGiven) {
  Answer("PUT /clusters/prod-eu", 200, Cluster("1.34"));
  ASSERT_EQ(Run({"clusters", "set", "prod-eu", "--kubernetes-version", "v1.34.1"}), 0)
      << err_.str();
  EXPECT_EQ(Target(0), "PUT /clusters/prod-eu");
  EXPECT_EQ(Body(0), (json{{"kubernetes_version", "v1.34.1"}}));
  EXPECT_THAT(out_.str(), HasSubstr("cluster/prod-eu saved: kubernetes in production, "
                                    "Kubernetes 1.34"));

  Answer("PUT /clusters/prod-eu", 200, Cluster(""));
  ASSERT_EQ(Run({"clusters", "set", "prod-eu", "--mesh", "", "--zones", "eu-west-1a,eu-west-1b"}),
            0)
      << err_.str();
  EXPECT_EQ(Body(1), (json{{"mesh", ""}, {"zones", {"eu-west-1a", "eu-west-1b"}}}));
}

TEST_F(ClustersCliTest, TheServersRefusalIsShown) {
  Answer("PUT /clusters/prod-eu", 422,
         {{"error",
           {{"code", "invalid_field"},
            {"message", "kubernetes_version must look like 1.33"},
            {"field", "kubernetes_version"}}}});
  EXPECT_NE(Run({"clusters", "set", "prod-eu", "--kubernetes-version", "2"}), 0);
  EXPECT_THAT(err_.str(), HasSubstr("kubernetes_version must look like 1.33"));
}

}  // namespace
}  // namespace paved::cli
