#include "monitoring/grafana/provisioning.h"

#include <filesystem>

#include "core/files.h"
#include "gtest/gtest.h"
#include "monitoring/dashboards/testing/fixture_inputs.h"
#include "monitoring/grafana/deliverer.h"
#include "tests/support/status_assertions.h"

namespace paved::monitoring::grafana {
namespace {

namespace fs = std::filesystem;

class ProvisioningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("paved-provisioning-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(ProvisioningTest, OneFilePerDashboardInTeamFoldersWrittenOnlyWhenChanged) {
  auto all = dashboards::testing::FixtureDashboards();
  auto written = WriteProvisioningFiles(dir_.string(), "Paved", all);
  ASSERT_OK(written);
  EXPECT_EQ(*written, static_cast<int>(all.size()));
  fs::path ns_file = dir_ / "Paved · payments" / (all[0].uid + ".json");
  auto content = ReadWholeFile(ns_file);
  ASSERT_TRUE(content.has_value()) << ns_file;
  EXPECT_EQ(nlohmann::json::parse(*content), all[0].model);
  EXPECT_TRUE(fs::exists(dir_ / "Paved · platform" / (all[1].uid + ".json")));
  EXPECT_EQ(fs::status(ns_file).permissions() & fs::perms::others_read, fs::perms::others_read);

  auto again = WriteProvisioningFiles(dir_.string(), "Paved", all);
  ASSERT_OK(again);
  EXPECT_EQ(*again, 0);
  for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
  }
}

TEST_F(ProvisioningTest, TeamNamesCannotLeaveTheDirectory) {
  auto all = dashboards::testing::FixtureDashboards();
  all.resize(1);
  all[0].team = "../../etc";
  auto written = WriteProvisioningFiles(dir_.string(), "..", all);
  ASSERT_OK(written);
  EXPECT_EQ(*written, 1);
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
    if (entry.is_regular_file()) ++files;
  }
  EXPECT_EQ(files, 1);
}

}  // namespace
}  // namespace paved::monitoring::grafana
