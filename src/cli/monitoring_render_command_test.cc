// `paved monitoring render` and `rules` against canned answers: the files they write, the
// warning a file of several clusters' rules comes with.

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "cli/testing/canned_cli_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace paved::cli {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using ::testing::HasSubstr;

std::optional<std::string> ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class MonitoringCliTest : public testing::CannedCliTest {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("paved-monitoring-cli-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static json Item(const std::string& uid, const std::string& cluster) {
    return {{"uid", uid},
            {"title", "checkout · checkout (" + cluster + ")"},
            {"cluster", cluster},
            {"namespace", "checkout"},
            {"dashboard", {{"uid", uid}, {"schemaVersion", 39}}}};
  }

  fs::path dir_;
};

TEST_F(MonitoringCliTest, RenderWritesEachDashboardAndTheRules) {
  Answer("GET /projects/checkout/monitoring/dashboards", 200,
         {{"project", "checkout"},
          {"items",
           {Item("ns-prod-checkout-0123456789", "prod"),
            Item("ns-alpha-checkout-0123456789", "alpha")}}});
  AnswerText("GET /projects/checkout/monitoring/rules", 200, "groups: []\n");
  ASSERT_EQ(Run({"monitoring", "render", "-p", "checkout", "-o", dir_.string()}), 0) << err_.str();
  auto dashboard = ReadWholeFile(dir_ / "dashboards" / "ns-prod-checkout-0123456789.json");
  ASSERT_TRUE(dashboard.has_value());
  EXPECT_EQ(json::parse(*dashboard)["schemaVersion"], 39);
  EXPECT_TRUE(fs::exists(dir_ / "dashboards" / "ns-alpha-checkout-0123456789.json"));
  EXPECT_EQ(ReadWholeFile(dir_ / "rules.yaml"), std::optional<std::string>("groups: []\n"));
  EXPECT_THAT(out_.str(), HasSubstr("2 dashboards in "));
}

TEST_F(MonitoringCliTest, ClusterKeepsOnlyItsDashboardsAndAsksForItsRules) {
  Answer("GET /projects/checkout/monitoring/dashboards", 200,
         {{"project", "checkout"},
          {"items",
           {Item("ns-prod-checkout-0123456789", "prod"),
            Item("ns-alpha-checkout-0123456789", "alpha")}}});
  AnswerText("GET /projects/checkout/monitoring/rules", 200, "groups: []\n");
  ASSERT_EQ(
      Run({"monitoring", "render", "-p", "checkout", "-o", dir_.string(), "--cluster", "prod"}), 0)
      << err_.str();
  EXPECT_TRUE(fs::exists(dir_ / "dashboards" / "ns-prod-checkout-0123456789.json"));
  EXPECT_FALSE(fs::exists(dir_ / "dashboards" / "ns-alpha-checkout-0123456789.json"));
  EXPECT_EQ(Target(1), "GET /projects/checkout/monitoring/rules?cluster=prod");
}

TEST_F(MonitoringCliTest, AUidThatIsNotAFileNameIsRefused) {
  Answer("GET /projects/checkout/monitoring/dashboards", 200,
         {{"project", "checkout"}, {"items", {Item("../../etc/passwd", "prod")}}});
  AnswerText("GET /projects/checkout/monitoring/rules", 200, "groups: []\n");
  EXPECT_EQ(Run({"monitoring", "render", "-p", "checkout", "-o", dir_.string()}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("not a plain file name"));
  EXPECT_FALSE(fs::exists(dir_ / "etc"));
}

TEST_F(MonitoringCliTest, RulesOfSeveralClustersInOneFileComeWithAWarning) {
  AnswerText("GET /projects/checkout/monitoring/rules", 200, "groups: []\n");
  Answer("GET /projects/checkout/monitoring/slos", 200,
         {{"items", {{{"cluster", "prod"}}, {{"cluster", "alpha"}}, {{"cluster", "prod"}}}}});
  ASSERT_EQ(Run({"monitoring", "rules", "-p", "checkout"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "groups: []\n") << "the file alone on stdout";
  EXPECT_THAT(err_.str(), HasSubstr("warning: these rules cover 2 clusters"));
}

TEST_F(MonitoringCliTest, RulesOfOneClusterComeWithout) {
  AnswerText("GET /projects/checkout/monitoring/rules", 200, "groups: []\n");
  ASSERT_EQ(Run({"monitoring", "rules", "-p", "checkout", "--cluster", "prod"}), 0) << err_.str();
  EXPECT_EQ(err_.str(), "");
  EXPECT_EQ(Target(0), "GET /projects/checkout/monitoring/rules?cluster=prod");
}

}  // namespace
}  // namespace paved::cli
