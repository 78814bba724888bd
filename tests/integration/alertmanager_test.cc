// Real peers end to end: Prometheus evaluates a rule that really fires, routes it through
// Alertmanager (grouped by alert name, so one notification mixes two namespaces) to the real
// `paved serve`, which posts one message per namespace to an in-test Slack; when the rule stops
// firing, the same messages are updated in place.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "http/client.h"
#include "nlohmann/json.hpp"
#include "providers/slack/testing/fake_slack_server.h"
#include "tests/integration/paved_process.h"
#include "tests/support/peer_process.h"

namespace paved::integration {
namespace {

using json = nlohmann::json;
using slack::testing::FakeSlackServer;
using test_support::PeerProcess;

constexpr char kAlertmanager[] = "/usr/bin/prometheus-alertmanager";
constexpr char kPrometheus[] = "/usr/bin/prometheus";
constexpr char kPassword[] = "alerts-it-password";
constexpr char kSourceToken[] = "alertmanager-it-token";
constexpr char kBotToken[] = "xoxb-it-token";
constexpr char kAlertName[] = "PavedItHighErrorRate";
constexpr char kOwnedGroup[] = "kr1/chat-gateway";
constexpr char kUnownedGroup[] = "kr1/orphan-ns";
// The rule fires until this many seconds after the test starts, then resolves by itself.
constexpr int kFiringSeconds = 30;

void Write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

template <typename Done>
bool WaitFor(Done done, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return done();
}

// The top-level messages of one group (the demo data's alerts and reports share the channels).
std::vector<FakeSlackServer::StoredMessage> GroupMessages(const FakeSlackServer& slack,
                                                          const std::string& channel,
                                                          const std::string& group) {
  std::vector<FakeSlackServer::StoredMessage> out;
  for (auto& m : slack.Messages(channel)) {
    if (m.metadata_payload.is_object() && m.metadata_payload.value("group", "") == group) {
      out.push_back(std::move(m));
    }
  }
  return out;
}

std::string MessageText(const FakeSlackServer::StoredMessage& m) {
  return m.text + "\n" + m.blocks.dump();
}

class AlertmanagerEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access(kAlertmanager, X_OK) != 0 || access(kPrometheus, X_OK) != 0) {
      GTEST_SKIP() << "prometheus and prometheus-alertmanager are not installed "
                      "(scripts/install-deps installs them)";
    }
    char pattern[] = "/tmp/paved-alerts-it-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    ASSERT_TRUE(slack_.Start().ok());
    slack_.AddChannel("chat-platform");    // the demo team owning namespace chat-gateway
    slack_.AddChannel("platform-alerts");  // unowned alerts
  }

  void TearDown() override {
    prometheus_.reset();
    alertmanager_.reset();
    if (paved_) paved_->Terminate();
    paved_.reset();
    // Kept when the test failed: the peers' logs are there.
    if (!dir_.empty() && !HasFailure()) std::filesystem::remove_all(dir_);
  }

  void StartPaved() {
    Write(
        dir_ / "paved.yml",
        absl::StrCat("alerts:\n  sources:\n    alertmanager: {token: ", kSourceToken, "}\n",
                     "  fallback_channel: \"#platform-alerts\"\n  group_wait: 0s\n",
                     "slack:\n  api_url: ", slack_.api_url(), "\n  bot_token: ", kBotToken, "\n"));
    paved_ = std::make_unique<PavedProcess>(
        std::vector<std::string>{"--listen", "127.0.0.1:0", "--data-dir", (dir_ / "paved").string(),
                                 "--config", (dir_ / "paved.yml").string()},
        std::map<std::string, std::string>{{"PAVED_ADMIN_PASSWORD", kPassword},
                                           {"PAVED_DEMO_DEPLOY", "false"},
                                           {"PAVED_ACCESS_LOG", "false"}});
    ASSERT_TRUE(paved_->Start()) << paved_->output();
  }

  void StartAlertmanager() {
    auto port = test_support::FreeLoopbackPort();
    ASSERT_TRUE(port.ok());
    alertmanager_url_ = absl::StrCat("http://127.0.0.1:", *port);
    // Grouped by alert name: one notification carries both namespaces; Paved splits it.
    Write(dir_ / "alertmanager.yml",
          absl::StrCat("route:\n  receiver: paved\n  group_by: [alertname]\n",
                       "  group_wait: 1s\n  group_interval: 1s\n  repeat_interval: 1h\n",
                       "receivers:\n- name: paved\n  webhook_configs:\n",
                       "  - url: ", paved_->base_url(), "/hooks/alertmanager\n",
                       "    send_resolved: true\n    http_config:\n      authorization:\n",
                       "        type: Bearer\n        credentials: ", kSourceToken, "\n"));
    std::filesystem::create_directories(dir_ / "am-data");
    auto am = PeerProcess::Start(
        {kAlertmanager, "--config.file=" + (dir_ / "alertmanager.yml").string(),
         "--storage.path=" + (dir_ / "am-data").string(),
         absl::StrCat("--web.listen-address=127.0.0.1:", *port), "--cluster.listen-address="},
        dir_.string(), (dir_ / "alertmanager.log").string());
    ASSERT_TRUE(am.ok()) << am.status();
    alertmanager_ = std::make_unique<PeerProcess>(std::move(*am));
    ASSERT_TRUE(alertmanager_->WaitUntilReady(alertmanager_url_ + "/-/ready", 30000).ok());
  }

  void StartPrometheus(int64_t resolve_at_unix) {
    auto port = test_support::FreeLoopbackPort();
    ASSERT_TRUE(port.ok());
    std::string rule = absl::StrCat("vector(1) and on() (vector(time()) < ", resolve_at_unix, ")");
    auto alert = [&](const std::string& ns) {
      return absl::StrCat("  - alert: ", kAlertName, "\n    expr: ", rule, "\n",
                          "    labels: {namespace: ", ns, ", cluster: kr1, severity: critical}\n",
                          "    annotations: {summary: \"5xx ratio above 5%\", ",
                          "runbook_url: \"https://runbooks.example.com/high-error-rate\"}\n");
    };
    Write(dir_ / "rules.yml", absl::StrCat("groups:\n- name: paved-it\n  interval: 1s\n  rules:\n",
                                           alert("chat-gateway"), alert("orphan-ns")));
    Write(dir_ / "prometheus.yml",
          absl::StrCat("global:\n  evaluation_interval: 1s\n  scrape_interval: 1s\n",
                       "rule_files: [", (dir_ / "rules.yml").string(), "]\n",
                       "alerting:\n  alertmanagers:\n  - static_configs:\n", "    - targets: ['",
                       alertmanager_url_.substr(7), "']\n"));
    std::filesystem::create_directories(dir_ / "prom-data");
    auto prom =
        PeerProcess::Start({kPrometheus, "--config.file=" + (dir_ / "prometheus.yml").string(),
                            "--storage.tsdb.path=" + (dir_ / "prom-data").string(),
                            absl::StrCat("--web.listen-address=127.0.0.1:", *port),
                            // Alerts sent before the Alertmanager is discovered are dropped; resend
                            // every second instead of every minute.
                            "--rules.alert.resend-delay=1s"},
                           dir_.string(), (dir_ / "prometheus.log").string());
    ASSERT_TRUE(prom.ok()) << prom.status();
    prometheus_ = std::make_unique<PeerProcess>(std::move(*prom));
    ASSERT_TRUE(
        prometheus_->WaitUntilReady(absl::StrCat("http://127.0.0.1:", *port, "/-/ready"), 30000)
            .ok());
  }

  // GET on Paved's API with an admin session.
  json Get(const std::string& path) {
    auto client = http::NewCurlClient({.use_env_proxy = false});
    if (cookie_.empty()) {
      auto r = client->Send(
          "POST", paved_->base_url() + "/api/v1/auth/login", {{"Content-Type", "application/json"}},
          json{{"login", "admin"}, {"password", kPassword}}.dump(), std::chrono::seconds(10));
      if (!r.ok() || r->status != 200) return nullptr;
      cookie_ = r->Header("Set-Cookie");
      cookie_ = cookie_.substr(0, cookie_.find(';'));
    }
    auto r = client->Send("GET", paved_->base_url() + "/api/v1" + path, {{"Cookie", cookie_}}, "",
                          std::chrono::seconds(10));
    if (!r.ok() || r->status != 200) return nullptr;
    return json::parse(r->body, nullptr, false);
  }

  std::string Logs() const {
    std::string calls;
    for (const auto& c : slack_.calls()) {
      absl::StrAppend(&calls, c.method, " ", c.status, " ", c.error, " ",
                      c.body.dump().substr(0, 300), "\n");
    }
    return absl::StrCat("slack calls:\n", calls, "paved:\n", paved_ ? paved_->output() : "",
                        "\nalertmanager log: ", (dir_ / "alertmanager.log").string(),
                        "\nprometheus log: ", (dir_ / "prometheus.log").string());
  }

  std::filesystem::path dir_;
  FakeSlackServer slack_{kBotToken};
  std::unique_ptr<PavedProcess> paved_;
  std::unique_ptr<PeerProcess> alertmanager_, prometheus_;
  std::string alertmanager_url_;
  std::string cookie_;
};

TEST_F(AlertmanagerEndToEndTest, RuleFiresOneMessagePerNamespaceThenResolvesInPlace) {
  int64_t resolve_at = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count() +
                       kFiringSeconds;
  ASSERT_NO_FATAL_FAILURE(StartPaved());
  ASSERT_NO_FATAL_FAILURE(StartAlertmanager());
  ASSERT_NO_FATAL_FAILURE(StartPrometheus(resolve_at));

  // Firing: the owner's channel gets the chat-gateway message, the fallback channel the
  // unowned namespace's; neither message carries the other namespace.
  ASSERT_TRUE(WaitFor(
      [&] {
        return GroupMessages(slack_, "chat-platform", kOwnedGroup).size() == 1 &&
               GroupMessages(slack_, "platform-alerts", kUnownedGroup).size() == 1;
      },
      kFiringSeconds - 5))
      << Logs();
  auto owned = GroupMessages(slack_, "chat-platform", kOwnedGroup).front();
  auto unowned = GroupMessages(slack_, "platform-alerts", kUnownedGroup).front();
  EXPECT_NE(MessageText(owned).find(kAlertName), std::string::npos) << MessageText(owned);
  EXPECT_NE(MessageText(owned).find("chat-gateway"), std::string::npos);
  EXPECT_EQ(MessageText(owned).find("orphan-ns"), std::string::npos);
  EXPECT_NE(MessageText(owned).find("Chat Platform"), std::string::npos);  // the owner team
  EXPECT_NE(MessageText(unowned).find("orphan-ns"), std::string::npos);
  EXPECT_EQ(MessageText(unowned).find("chat-gateway"), std::string::npos);

  json listed = Get("/alerts?state=firing&cluster=kr1");
  ASSERT_TRUE(listed.is_object()) << Logs();
  std::map<std::string, std::string> team_by_namespace;
  for (const json& a : listed["items"]) team_by_namespace[a["namespace"]] = a["team"];
  EXPECT_EQ(team_by_namespace["chat-gateway"], "chat-platform");
  EXPECT_EQ(team_by_namespace["orphan-ns"], "");
  json unowned_list = Get("/alerts?state=unowned&cluster=kr1");
  ASSERT_TRUE(unowned_list.is_object());
  ASSERT_EQ(unowned_list["items"].size(), 1u);
  EXPECT_EQ(unowned_list["items"][0]["namespace"], "orphan-ns");

  // The rule stops firing: the same message is updated in place (no second post) and the thread
  // tells the change.
  ASSERT_TRUE(WaitFor(
      [&] {
        auto now = GroupMessages(slack_, "chat-platform", kOwnedGroup);
        return now.size() == 1 && now.front().edits > 0 &&
               MessageText(now.front()).find("resolved") != std::string::npos;
      },
      kFiringSeconds + 60))
      << Logs();
  auto resolved = GroupMessages(slack_, "chat-platform", kOwnedGroup).front();
  EXPECT_EQ(resolved.ts, owned.ts);
  EXPECT_EQ(GroupMessages(slack_, "chat-platform", kOwnedGroup).size(), 1u);
  EXPECT_FALSE(slack_.Replies("chat-platform", owned.ts).empty());
  json after = Get("/alerts?namespace=chat-gateway&cluster=kr1");
  ASSERT_TRUE(after.is_object());
  ASSERT_EQ(after["items"].size(), 1u);
  EXPECT_EQ(after["items"][0]["status"], "resolved");
}

}  // namespace
}  // namespace paved::integration
