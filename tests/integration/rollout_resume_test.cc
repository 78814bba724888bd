// A `paved serve` killed with SIGKILL in the middle of a rollout resumes it after a restart on the
// same data dir, without running any step twice (no second set of local instances).
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/files.h"
#include "gtest/gtest.h"
#include "http/client.h"
#include "nlohmann/json.hpp"
#include "tests/integration/api_client.h"
#include "tests/integration/paved_process.h"

namespace paved::integration {
namespace {

using json = nlohmann::json;
constexpr char kPassword[] = "resume-password";
constexpr char kProject[] = "resume-app";
constexpr char kDigest[] =
    "sha256:3333333333333333333333333333333333333333333333333333333333333333";

// The service becomes healthy a few seconds after it starts, so the server can be killed while
// the rollout waits for it. The command line never changes (no exec), so a restarted server
// re-adopts the process.
constexpr char kSpec[] =
    "apiVersion: paved.dev/v1\n"
    "services:\n"
    "  web:\n"
    "    image: registry.example.com/resume-web\n"
    "    port: 8080\n"
    "    replicas: {alpha: 1, production: 1}\n"
    "    health: {path: /}\n"
    "local:\n"
    "  web:\n"
    "    command:\n"
    "      - python3\n"
    "      - -c\n"
    "      - \"import time, http.server as s; time.sleep(4); s.HTTPServer(('127.0.0.1', "
    "${PORT}), s.SimpleHTTPRequestHandler).serve_forever()\"\n";

std::string StateOf(const json& deployment) {
  return deployment.is_object() ? deployment.value("state", "") : "";
}

bool HasStep(const json& deployment, const std::string& name) {
  if (!deployment.is_object() || !deployment.contains("steps")) return false;
  for (const json& step : deployment["steps"]) {
    if (step.value("name", "") == name) return true;
  }
  return false;
}

class RolloutResumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/paved-resume-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }

  // Runs even when an assertion failed: the server first, then every local instance.
  void TearDown() override {
    if (server_ != nullptr) server_->Terminate();
    server_.reset();
    StopLocalInstances();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  void StartServer() {
    server_ = std::make_unique<PavedProcess>(
        std::vector<std::string>{"--listen", "127.0.0.1:0", "--data-dir", dir_},
        std::map<std::string, std::string>{{"PAVED_ADMIN_PASSWORD", kPassword},
                                           {"PAVED_JOB_LEASE_SECONDS", "3"},
                                           {"PAVED_ACCESS_LOG", "false"}});
    ASSERT_TRUE(server_->Start()) << server_->output();
  }

  std::string StatePath() const {
    return dir_ + "/local-runtime/local-alpha/" + kProject + "/state.json";
  }

  // Local instances outlive the server by design: kill their process groups.
  void StopLocalInstances() {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir_, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->path().filename() != "state.json") continue;
      json state = json::parse(ReadWholeFile(it->path().string()).value_or(""), nullptr, false);
      if (!state.is_object()) continue;
      for (const json& instance : state.value("instances", json::array())) {
        int pid = instance.value("pid", 0);
        if (pid > 0) kill(-pid, SIGKILL);  // each instance has its own process group
      }
    }
  }

  std::string dir_;
  std::unique_ptr<PavedProcess> server_;
};

TEST_F(RolloutResumeTest, SigkilledServerResumesRolloutWithoutRepeatingSteps) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  auto api = std::make_unique<Api>(server_->base_url());
  ASSERT_NO_FATAL_FAILURE(api->LoginAdmin(kPassword));
  int status = 0;
  api->Call("POST", "/teams", {{"slug", "resume-team"}, {"name", "Resume"}}, &status);
  ASSERT_EQ(status, 201) << api->last().body;
  api->Call("POST", "/projects",
            {{"slug", kProject}, {"name", kProject}, {"owner_team", "resume-team"}}, &status);
  ASSERT_EQ(status, 201) << api->last().body;
  const std::string project = std::string("/projects/") + kProject;
  api->Call("PUT", project + "/targets", {{"clusters", json::array({"local-alpha"})}}, &status);
  ASSERT_EQ(status, 200) << api->last().body;
  api->Send("PUT", project + "/spec", "application/yaml", kSpec, &status);
  ASSERT_EQ(status, 201) << api->last().body;
  api->Call("POST", project + "/artifacts",
            {{"image", "registry.example.com/resume-web"}, {"digest", kDigest}, {"git_sha", "abc"}},
            &status);
  ASSERT_EQ(status, 201) << api->last().body;
  json created = api->Call("POST", project + "/deployments",
                           {{"artifact", kDigest},
                            {"environment", "alpha"},
                            {"clusters", json::array({"local-alpha"})},
                            {"reason", "resume test"}},
                           &status);
  ASSERT_EQ(status, 201) << api->last().body;
  const std::string id = created["deployments"][0]["id"];
  const std::string path = project + "/deployments/" + id;

  // Kill the server once Apply is recorded but before the instance is healthy.
  auto applied_or_done = [](const json& d) {
    const std::string state = StateOf(d);
    return HasStep(d, "apply") || state == "succeeded" || state == "failed" ||
           state == "cancelled" || state == "rejected";
  };
  json before = PollUntil([&] { return api->Call("GET", path); }, applied_or_done, 60);
  ASSERT_EQ(StateOf(before), "rolling_out") << before.dump();
  ASSERT_TRUE(HasStep(before, "apply")) << before.dump();
  ASSERT_FALSE(HasStep(before, "wait_healthy")) << before.dump();
  ASSERT_EQ(kill(server_->pid(), SIGKILL), 0);
  server_.reset();  // reaps the killed process

  ASSERT_NO_FATAL_FAILURE(StartServer());
  api = std::make_unique<Api>(server_->base_url());
  ASSERT_NO_FATAL_FAILURE(api->LoginAdmin(kPassword));
  json after = PollUntil([&] { return api->Call("GET", path); },
                         [](const json& d) {
                           const std::string state = StateOf(d);
                           return state == "succeeded" || state == "failed";
                         },
                         90);
  ASSERT_EQ(StateOf(after), "succeeded") << after.dump() << server_->output();

  // Each step exactly once.
  std::map<std::string, int> steps;
  const json recorded = after.value("steps", json::array());
  for (const json& step : recorded) ++steps[step.value("name", "")];
  EXPECT_EQ(steps["apply"], 1) << recorded.dump();
  EXPECT_EQ(steps["wait_healthy"], 1) << recorded.dump();
  EXPECT_EQ(steps["prune"], 1) << recorded.dump();
  for (const auto& [name, count] : steps) EXPECT_EQ(count, 1) << name;

  // Apply ran once: exactly `replicas` (1) instance of the deployment in the runtime's state.
  json state = json::parse(ReadWholeFile(StatePath()).value_or(""), nullptr, false);
  ASSERT_TRUE(state.is_object()) << StatePath();
  int of_deployment = 0;
  for (const json& instance : state.value("instances", json::array())) {
    if (instance.value("deployment_id", "") == id) ++of_deployment;
  }
  EXPECT_EQ(of_deployment, 1) << state.dump();

  // The app answers where the workloads endpoint says it runs.
  json workloads = api->Call("GET", project + "/workloads?cluster=local-alpha", nullptr, &status);
  ASSERT_EQ(status, 200) << api->last().body;
  std::string url;
  for (const json& target : workloads.value("items", json::array())) {
    for (const json& workload : target.value("workloads", json::array())) {
      for (const json& instance : workload.value("instances", json::array())) {
        if (instance.value("deployment_id", "") == id) url = instance.value("url", "");
      }
    }
  }
  ASSERT_FALSE(url.empty()) << workloads.dump();
  auto answer = http::NewCurlClient()->Send("GET", url + "/", {}, "", std::chrono::seconds(10));
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->status, 200);
}

}  // namespace
}  // namespace paved::integration
