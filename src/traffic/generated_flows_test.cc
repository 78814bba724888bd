// The analyser against bench/traffic_flow_gen: flow logs of every kind (formats, gzip, IP reuse,
// boundaries, both directions, rejects, NODATA) and the result the generator computed from its
// own truth.
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "traffic/analyze.h"

namespace paved::traffic {
namespace {

namespace fs = std::filesystem;

nlohmann::json ReadJson(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

class GeneratedFlowsTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("paved-traffic-gen-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    std::string command =
        std::string(TRAFFIC_FLOW_GEN) + " " + dir_.string() + " 4e6 9 300 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
};

TEST_F(GeneratedFlowsTest, MatchesTheGeneratorsTruth) {
  auto pods = PodHistory::Load(dir_ / "pods.json", dir_ / "nodes.json");
  ASSERT_TRUE(pods.ok()) << pods.status();
  auto files = ListFlowLogFiles(dir_ / "logs");
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 9u);
  auto report = Analyze(*files, *pods, {.threads = 3, .range_bytes = 100'000});
  ASSERT_TRUE(report.ok()) << report.status();
  nlohmann::json got = nlohmann::json::parse(ReportJson(*report));
  nlohmann::json want = ReadJson(dir_ / "expected.json");
  EXPECT_EQ(got["counts"], want["counts"]);
  EXPECT_EQ(got["totals"], want["totals"]);
  EXPECT_EQ(got["unattributed_detail"], want["unattributed_detail"]);
  EXPECT_EQ(got["rejected_egress_bytes"], want["rejected_egress_bytes"]);
  ASSERT_EQ(got["flows"].size(), want["flows"].size());
  for (size_t i = 0; i < want["flows"].size(); ++i) {
    ASSERT_EQ(got["flows"][i], want["flows"][i]) << "flow " << i;
  }
  // The generated logs hold every case the rules name.
  EXPECT_GT(report->src_no_pod_bytes, 0);
  EXPECT_GT(report->dst_no_pod_bytes, 0);
  EXPECT_GT(report->rejected_egress_bytes, 0);
  EXPECT_GT(report->counts.undirected_records, 0);
  EXPECT_GT(report->total_cross_zone_bytes, 0);
  EXPECT_LT(report->total_cross_zone_bytes, report->total_bytes);
}

}  // namespace
}  // namespace paved::traffic
