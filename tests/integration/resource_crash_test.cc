// A `paved serve` killed with SIGKILL right after each journal entry of a Redis's creation
// (fault injection: PAVED_FAULT_KILL_AFTER_JOURNAL_ENTRIES) and started again on the same data
// dir finishes the creation: the resource is ready, each step done once, and exactly one
// redis-server runs for it — a resumed step finds what the killed one made instead of making a
// second one.
#include <signal.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/files.h"
#include "gtest/gtest.h"
#include "tests/integration/api_client.h"
#include "tests/integration/paved_process.h"

namespace paved::integration {
namespace {

constexpr char kPassword[] = "resource-crash-password";

// The redis-server processes running in `dir` (redis-server rewrites its command line, so
// they are told by their working directory, which the provider sets to the resource's own).
std::vector<int> RedisServersIn(const std::string& dir) {
  std::vector<int> pids;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = ReadWholeFile(entry.path().string() + "/cmdline").value_or("");
    std::string program = cmdline.substr(0, cmdline.find_first_of(std::string(" \0", 2)));
    std::error_code ec;
    auto cwd = std::filesystem::read_symlink(entry.path() / "cwd", ec);
    if (!ec && program.ends_with("redis-server") && cwd == dir) pids.push_back(std::stoi(name));
  }
  return pids;
}

class ResourceCrashTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/paved-resource-crash-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }

  void TearDown() override {
    server_.reset();  // SIGKILLs a server still running
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir_, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->path().filename() != "process.json") continue;
      json running = json::parse(ReadWholeFile(it->path().string()).value_or(""), nullptr, false);
      if (running.is_object() && running.value("pid", 0) > 0) kill(-running["pid"].get<int>(), 9);
    }
    std::filesystem::remove_all(dir_, ec);
  }

  void Start(std::map<std::string, std::string> env) {
    env["PAVED_ADMIN_PASSWORD"] = kPassword;
    env["PAVED_JOB_LEASE_SECONDS"] = "2";
    env["PAVED_ACCESS_LOG"] = "false";
    server_ = std::make_unique<PavedProcess>(
        std::vector<std::string>{"--listen", "127.0.0.1:0", "--data-dir", dir_}, env);
    ASSERT_TRUE(server_->Start()) << server_->output();
    api_ = std::make_unique<Api>(server_->base_url());
    ASSERT_NO_FATAL_FAILURE(api_->LoginAdmin(kPassword));
  }

  std::string dir_;
  std::unique_ptr<PavedProcess> server_;
  std::unique_ptr<Api> api_;
};

TEST_P(ResourceCrashTest, AKilledCreationResumesToOneReadyRedis) {
  const int kill_after = GetParam();
  ASSERT_NO_FATAL_FAILURE(
      Start({{"PAVED_FAULT_KILL_AFTER_JOURNAL_ENTRIES", std::to_string(kill_after)}}));
  int status = 0;
  api_->Call("POST", "/teams", {{"slug", "crash-team"}, {"name", "Crash"}}, &status);
  ASSERT_EQ(status, 201) << api_->last().body;
  api_->Call("POST", "/projects",
             {{"slug", "crash-app"}, {"name", "crash-app"}, {"owner_team", "crash-team"}}, &status);
  ASSERT_EQ(status, 201) << api_->last().body;
  // The answer may be lost to the kill; the resource is stored before any step runs.
  api_->Call("POST", "/projects/crash-app/resources",
             {{"kind", "redis"}, {"name", "cache"}, {"environment", "alpha"}}, &status);

  pid_t pid = server_->pid();
  for (int i = 0; i < 300 && kill(pid, 0) == 0; ++i) {
    int wstatus = 0;
    if (waitpid(pid, &wstatus, WNOHANG) == pid) break;
    usleep(100'000);
  }
  ASSERT_NE(kill(pid, 0), 0) << "the server did not kill itself after journal entry " << kill_after
                             << "\n"
                             << server_->output();
  server_.reset();

  ASSERT_NO_FATAL_FAILURE(Start({}));
  json found = PollUntil([&] { return api_->Call("GET", "/resources?project=crash-app"); },
                         [](const json& page) {
                           return page.is_object() && page["items"].size() == 1 &&
                                  page["items"][0]["status"] != "creating";
                         },
                         60);
  ASSERT_TRUE(found.is_object() && found["items"].size() == 1) << found.dump();
  ASSERT_EQ(found["items"][0]["status"], "ready") << found.dump() << server_->output();
  const std::string id = found["items"][0]["id"];
  json detail = api_->Call("GET", "/resources/" + id);
  EXPECT_EQ(detail["live"]["state"], "available") << detail.dump();
  std::map<std::string, int> done;
  for (const json& e : detail["journal"]) {
    if (e["event"] == "done") ++done[e["step"].get<std::string>()];
  }
  EXPECT_EQ(done, (std::map<std::string, int>{{"config", 1}, {"process", 1}}))
      << detail["journal"].dump();
  std::string resource_dir = dir_ + "/resources/" + id;
  EXPECT_EQ(RedisServersIn(resource_dir).size(), 1u) << resource_dir;
}

// A local Redis's creation journals at least: config started, config done, process started,
// process done (and `waiting` between the last two while redis-server starts).
INSTANTIATE_TEST_SUITE_P(AfterEachEntry, ResourceCrashTest, ::testing::Values(1, 2, 3, 4));

}  // namespace
}  // namespace paved::integration
