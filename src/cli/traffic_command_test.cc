// `paved traffic analyze` on files of the test's own: runs locally (no request is sent), prints
// the edges and totals, writes the JSON result, names a broken line.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli/testing/canned_cli_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace paved::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr char kHeader[] =
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start "
    "end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr "
    "region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service "
    "flow-direction traffic-path\n";
constexpr char kRecords[] =
    "5 1 eni-a 10.0.1.10 10.0.2.10 1 2 6 9 98304 1700000000 1700000060 ACCEPT OK v s i 19 IPv4 "
    "10.0.1.37 10.0.2.55 r apne2-az1 - - - - egress 1\n"
    "5 1 eni-b 10.0.1.10 10.0.2.10 1 2 6 9 98304 1700000000 1700000060 ACCEPT OK v s i 19 IPv4 "
    "10.0.1.37 10.0.2.55 r apne2-az2 - - - - ingress -\n"
    "5 1 eni-a 10.0.1.10 52.95.1.1 1 2 6 9 4096 1700000000 1700000060 ACCEPT OK v s i 19 IPv4 "
    "10.0.1.37 52.95.1.1 r apne2-az1 - - - S3 egress 8\n";
constexpr char kPods[] = R"({"items":[
 {"metadata":{"name":"gw-7d9f-abcde","namespace":"istio-system","ownerReferences":[{"kind":"ReplicaSet","name":"gw-7d9f"}]},"spec":{"nodeName":"n1"},"status":{"podIP":"10.0.1.37","startTime":"2023-11-14T20:00:00Z"}},
 {"metadata":{"name":"chat-5c6b-xyz12","namespace":"chat","ownerReferences":[{"kind":"ReplicaSet","name":"chat-5c6b"}]},"spec":{"nodeName":"n2"},"status":{"podIP":"10.0.2.55","startTime":"2023-11-14T20:00:00Z"}}]})";
constexpr char kNodes[] = R"({"items":[
 {"metadata":{"name":"n1","labels":{"topology.k8s.aws/zone-id":"apne2-az1"}}},
 {"metadata":{"name":"n2","labels":{"topology.k8s.aws/zone-id":"apne2-az2"}}}]})";

class TrafficCliTest : public testing::CannedCliTest {
 protected:
  void SetUp() override {
    CannedCliTest::SetUp();
    // ctest runs each case in its own process, at the same time: a directory of its own each.
    dir_ = fs::path(::testing::TempDir()) / ("paved-traffic-cli-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "logs");
    Write("logs/a.log", std::string(kHeader) + kRecords);
    Write("pods.json", kPods);
    Write("nodes.json", kNodes);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  std::vector<std::string> Args(std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"traffic",     "analyze",
                                     "--flow-logs", (dir_ / "logs").string(),
                                     "--pods",      (dir_ / "pods.json").string(),
                                     "--nodes",     (dir_ / "nodes.json").string()};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }

  fs::path dir_;
};

TEST_F(TrafficCliTest, PrintsTheEdgesAndTotalsWithoutAServer) {
  ASSERT_EQ(Run(Args()), 0) << err_.str();
  EXPECT_EQ(RequestCount(), 0u);
  EXPECT_THAT(out_.str(), HasSubstr("istio-system/gw   chat/chat     apne2-az1 -> apne2-az2   "
                                    "98304   98304              0.000002\n"));
  EXPECT_THAT(out_.str(), HasSubstr("pod to pod: 98.3 kB, across zones 98.3 kB, cost $0.000002\n"));
  EXPECT_THAT(out_.str(), HasSubstr("destination without pod 4.1 kB"));
  EXPECT_THAT(out_.str(), HasSubstr("read 1 files, 3 lines (714 B uncompressed), 2 egress"));
}

TEST_F(TrafficCliTest, WritesTheJsonResult) {
  const std::string out = (dir_ / "out.json").string();
  ASSERT_EQ(Run(Args({"--json", out})), 0) << err_.str();
  std::ifstream in(out);
  nlohmann::json result = nlohmann::json::parse(in);
  EXPECT_EQ(result["schema"], "vpc-flow-xzone/1");
  ASSERT_EQ(result["flows"].size(), 1u);
  EXPECT_EQ(result["flows"][0]["cross_zone_bytes"], 98304);
  EXPECT_EQ(result["unattributed_detail"]["dst_no_pod_bytes"], 4096);
  EXPECT_EQ(result["counts"]["counted_records"], 2);

  out_.str("");
  ASSERT_EQ(Run(Args({"--json", "-"})), 0) << err_.str();
  EXPECT_EQ(nlohmann::json::parse(out_.str()), result);
}

TEST_F(TrafficCliTest, NamesTheBrokenLine) {
  Write("logs/b.log", std::string(kHeader) + kRecords +
                          "5 1 eni-a a b 1 2 6 9 lots 1700000000 1700000060 ACCEPT OK v s i 19 "
                          "IPv4 10.0.1.37 10.0.2.55 r az - - - - egress 1\n");
  EXPECT_EQ(Run(Args()), 1);
  EXPECT_THAT(err_.str(), HasSubstr("b.log line 5, field bytes: 'lots' is not a number"));
}

TEST_F(TrafficCliTest, RequiresPodsAndNodes) {
  EXPECT_EQ(Run({"traffic", "analyze", "--flow-logs", (dir_ / "logs").string()}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("--pods"));
}

}  // namespace
}  // namespace paved::cli
