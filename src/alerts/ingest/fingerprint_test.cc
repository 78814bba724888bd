// Our fingerprint against known values and against the real Alertmanager.
#include "alerts/ingest/fingerprint.h"

#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "http/client.h"
#include "nlohmann/json.hpp"
#include "tests/support/peer_process.h"
#include "tests/support/status_assertions.h"

namespace paved::alerts {
namespace {

using nlohmann::json;

constexpr char kAlertmanager[] = "/usr/bin/prometheus-alertmanager";

TEST(FingerprintTest, EmptyLabelSetIsTheFnvOffset) {
  EXPECT_EQ(Hex64(LabelsFingerprint({})), "cbf29ce484222325");
}

TEST(FingerprintTest, DependsOnNamesAndValuesNotOrder) {
  uint64_t ab = LabelsFingerprint({{"a", "b"}, {"c", "d"}});
  EXPECT_EQ(ab, LabelsFingerprint({{"c", "d"}, {"a", "b"}}));
  EXPECT_NE(ab, LabelsFingerprint({{"a", "bc"}, {"c", "d"}}));
  EXPECT_NE(LabelsFingerprint({{"a", "bc"}}), LabelsFingerprint({{"ab", "c"}}));
}

TEST(FingerprintTest, HexRoundTrip) {
  EXPECT_EQ(Hex64(0xabc), "0000000000000abc");
  EXPECT_EQ(ParseHex64("0000000000000ABC"), 0xabcu);
  EXPECT_EQ(ParseHex64("c4f1a2b3d4e5f607"), 0xc4f1a2b3d4e5f607u);
  EXPECT_FALSE(ParseHex64("c4f1a2b3d4e5f60").has_value());
  EXPECT_FALSE(ParseHex64("c4f1a2b3d4e5f60g").has_value());
  EXPECT_FALSE(ParseHex64("").has_value());
}

// Starts a real Alertmanager with a null receiver; stops it (and its process group) at the end.
class RealAlertmanagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access(kAlertmanager, X_OK) != 0) GTEST_SKIP() << kAlertmanager << " not installed";
    char tmpl[] = "/tmp/paved-am-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::ofstream(dir_ + "/alertmanager.yml")
        << "route:\n  receiver: \"null\"\nreceivers:\n  - name: \"null\"\n";
    auto port = test_support::FreeLoopbackPort();
    ASSERT_OK(port);
    base_ = "http://127.0.0.1:" + std::to_string(*port);
    auto peer = test_support::PeerProcess::Start(
        {kAlertmanager, "--config.file=" + dir_ + "/alertmanager.yml",
         "--storage.path=" + dir_ + "/data",
         "--web.listen-address=127.0.0.1:" + std::to_string(*port), "--cluster.listen-address="},
        dir_, dir_ + "/alertmanager.log");
    ASSERT_OK(peer);
    peer_ = std::make_unique<test_support::PeerProcess>(std::move(*peer));
    ASSERT_OK(peer_->WaitUntilReady(base_ + "/-/ready", 30'000));
    client_ = http::NewCurlClient({.use_env_proxy = false});
  }

  void TearDown() override {
    if (peer_) peer_->Stop();
    peer_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::string dir_, base_;
  std::unique_ptr<test_support::PeerProcess> peer_;
  std::unique_ptr<http::Client> client_;
};

TEST_F(RealAlertmanagerTest, FingerprintsEqualAlertmanagers) {
  std::vector<LabelSet> sets = {
      {{"alertname", "HighErrorRate"}, {"namespace", "chat-gateway"}, {"cluster", "kr1-prod"}},
      {{"alertname", "A"}},
      {{"alertname", "Disk"},
       {"instance", "10.0.0.1:9100"},
       {"mountpoint", "/var/lib"},
       {"severity", "warning"},
       {"job", "node"},
       {"Zeta", "upper"},
       {"a_b", "ünïcødé ✓"}},
      {{"alertname", "Quoted"}, {"summary_like", "a \"quoted\" value, with = and {braces}"}},
  };
  json body = json::array();
  for (const auto& labels : sets) {
    body.push_back({{"labels", labels}, {"annotations", {{"summary", "x"}}}});
  }
  auto posted =
      client_->Send("POST", base_ + "/api/v2/alerts", {{"Content-Type", "application/json"}},
                    body.dump(), std::chrono::seconds(10));
  ASSERT_OK(posted);
  ASSERT_EQ(posted->status, 200) << posted->body;

  auto got = client_->Send("GET", base_ + "/api/v2/alerts", {}, "", std::chrono::seconds(10));
  ASSERT_OK(got);
  ASSERT_EQ(got->status, 200) << got->body;
  json alerts = json::parse(got->body);
  ASSERT_EQ(alerts.size(), sets.size()) << got->body;
  for (const json& a : alerts) {
    LabelSet labels = a["labels"].get<LabelSet>();
    EXPECT_EQ(Hex64(LabelsFingerprint(labels)), a["fingerprint"].get<std::string>()) << a.dump();
  }
}

}  // namespace
}  // namespace paved::alerts
