#include "deploy/runtime/local/sandbox.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/clock.h"
#include "core/files.h"
#include "deploy/runtime/local/local_runtime.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::deploy::runtime::local {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

// Waits up to a minute for `pred`.
template <typename Pred>
bool Eventually(Pred pred) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return pred();
}

// Host pids whose environment holds `needle` (the test runs as root and may read them all).
std::vector<std::string> PidsWithEnv(const std::string& needle) {
  std::vector<std::string> pids;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (absl::StrContains(ReadWholeFile(entry.path() / "environ").value_or(""), needle))
      pids.push_back(name);
  }
  return pids;
}

// Laid out as `paved serve` lays it out: <data>/secret.keys and <data>/local-runtime.
class SandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / absl::StrCat("paved-sandbox-", getpid());
    fs::remove_all(root_);
    fs::create_directories(data());
    std::ofstream(data() / "secret.keys") << "KEY-MATERIAL";
    fs::permissions(data() / "secret.keys", fs::perms::owner_read | fs::perms::group_read |
                                                fs::perms::others_read);  // even when readable
    options_.sandbox.hidden_paths = {data().string()};
  }
  void TearDown() override {
    if (runtime_) runtime_->StopAll();
    runtime_.reset();
    fs::remove_all(root_);
  }
  fs::path data() const { return root_ / "data"; }
  // The one instance of `project`'s worker (deployment ids are the project + "000000").
  static std::string Instance(const std::string& project) {
    return "worker-" + (project + "000000").substr(0, 6) + "-0";
  }
  fs::path WorkDir(const std::string& project) const {
    return data() / "local-runtime" / "local-alpha" / project / "work" / Instance(project);
  }
  void Start() {
    runtime_ = std::make_unique<LocalRuntime>((data() / "local-runtime").string(),
                                              SystemClock::Get(), options_);
  }
  // Deploys one worker running `command` with `env` as `project`.
  absl::Status Deploy(const std::string& project, const std::vector<std::string>& command,
                      std::map<std::string, std::string> env = {}) {
    spec::Component c;
    c.name = "worker";
    c.kind = spec::ComponentKind::kWorker;
    c.local_command = command;
    specs_[project].components = {c};
    RolloutTarget t;
    t.cluster.name = "local-alpha";
    t.cluster.runtime = "local";
    t.environment = "alpha";
    t.project = project;
    t.deployment_id = project + "000000";
    t.spec = &specs_[project];
    t.component_env["worker"] = std::move(env);
    return runtime_->Apply(t);
  }
  std::string Log(const std::string& project) {
    platform::Cluster cluster;
    cluster.name = "local-alpha";
    auto log = runtime_->Logs(cluster, project, Instance(project), 200);
    return log.ok() ? *log : "";
  }

  fs::path root_;
  LocalRuntimeOptions options_;
  std::map<std::string, spec::AppSpec> specs_;
  std::unique_ptr<LocalRuntime> runtime_;
};

TEST_F(SandboxTest, AnInstanceSeesNeitherPavedNorOtherProjects) {
  if (geteuid() != 0) GTEST_SKIP() << "isolation needs root";
  setenv("PAVED_TEST_SERVER_SECRET", "server-only-value", 1);
  Start();
  ASSERT_OK(runtime_->Isolation());
  ASSERT_OK(Deploy("victim", {"sh", "-c", "echo victim-file > mine.txt; exec sleep 600"},
                   {{"DB_PASSWORD", "hunter2-production"}}));
  fs::path victim_file = WorkDir("victim") / "mine.txt";
  ASSERT_TRUE(Eventually([&] { return fs::exists(victim_file); }));
  std::vector<std::string> victim_pids = PidsWithEnv("DB_PASSWORD=hunter2-production");
  ASSERT_FALSE(victim_pids.empty());

  const std::string script =
      "echo uid=$(id -u); cat \"$DATA/secret.keys\"; ls \"$DATA\" \"$DATA/local-runtime\"; "
      "for p in $PIDS; do cat /proc/$p/environ; done; grep -l hunter2 /proc/*/environ; "
      "cat \"$VICTIM_FILE\"; env; echo own > own.txt && echo wrote-own; "
      "echo probe-done; exec sleep 600";
  ASSERT_OK(Deploy("thief", {"sh", "-c", script},
                   {{"DATA", data().string()},
                    {"PIDS", absl::StrJoin(victim_pids, " ")},
                    {"VICTIM_FILE", victim_file.string()}}));
  ASSERT_TRUE(Eventually([&] { return absl::StrContains(Log("thief"), "probe-done"); }))
      << Log("thief");
  std::string log = Log("thief");
  EXPECT_THAT(log, Not(HasSubstr("KEY-MATERIAL")));
  EXPECT_THAT(log, Not(HasSubstr("hunter2")));
  EXPECT_THAT(log, Not(HasSubstr("victim-file")));
  EXPECT_THAT(log, Not(HasSubstr("server-only-value")));
  EXPECT_THAT(log, Not(HasSubstr("state.json")));
  EXPECT_THAT(log, Not(HasSubstr("uid=0\n")));
  EXPECT_THAT(log, HasSubstr("wrote-own"));
  EXPECT_EQ(ReadWholeFile(WorkDir("thief") / "own.txt").value_or(""), "own\n");
  // Each project runs as a user of its own.
  struct stat victim_dir, thief_dir;
  ASSERT_EQ(stat(WorkDir("victim").c_str(), &victim_dir), 0);
  ASSERT_EQ(stat(WorkDir("thief").c_str(), &thief_dir), 0);
  EXPECT_NE(victim_dir.st_uid, thief_dir.st_uid);
  EXPECT_NE(thief_dir.st_uid, 0u);
  EXPECT_THAT(log, HasSubstr(absl::StrCat("uid=", thief_dir.st_uid, "\n")));
  unsetenv("PAVED_TEST_SERVER_SECRET");
}

TEST_F(SandboxTest, ProjectsKeepTheirUsersAcrossRestarts) {
  if (geteuid() != 0) GTEST_SKIP() << "isolation needs root";
  Start();
  ASSERT_OK(Deploy("first", {"sleep", "600"}));
  ASSERT_OK(Deploy("second", {"sleep", "600"}));
  struct stat before;
  ASSERT_EQ(stat(WorkDir("second").c_str(), &before), 0);
  runtime_.reset();
  Start();
  ASSERT_OK(Deploy("third", {"sleep", "600"}));
  struct stat second, third;
  ASSERT_EQ(stat(WorkDir("second").c_str(), &second), 0);
  ASSERT_EQ(stat(WorkDir("third").c_str(), &third), 0);
  EXPECT_EQ(second.st_uid, before.st_uid);
  EXPECT_GT(third.st_uid, second.st_uid);
}

TEST_F(SandboxTest, RefusesToStartWhenIsolationIsUnavailable) {
  options_.sandbox.bwrap = (root_ / "no-bwrap").string();
  Start();
  absl::Status isolation = runtime_->Isolation();
  EXPECT_EQ(isolation.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(isolation.message()), HasSubstr("unsafe_shared_host"));
  absl::Status applied = Deploy("shop", {"sh", "-c", "echo started"});
  EXPECT_EQ(applied.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(fs::exists(WorkDir("shop")));
}

TEST_F(SandboxTest, SharedHostRunsUnisolatedOnlyWhenChosen) {
  options_.sandbox.bwrap = (root_ / "no-bwrap").string();
  options_.sandbox.mode = Sandbox::Mode::kSharedHost;
  Start();
  ASSERT_OK(runtime_->Isolation());
  ASSERT_OK(Deploy("shop", {"sh", "-c", "echo started-shared; exec sleep 600"}));
  EXPECT_TRUE(Eventually([&] { return absl::StrContains(Log("shop"), "started-shared"); }));
}

TEST(SandboxedCommandTest, HidesPathsAndSwitchesUser) {
  Sandbox sandbox{.hidden_paths = {"/etc/hostname"}, .uid_base = 5000};
  std::vector<std::string> cmd = SandboxedCommand(sandbox, 5001, "/tmp/w", {"app", "--x"});
  std::string joined = absl::StrJoin(cmd, " ");
  EXPECT_EQ(cmd.front(), "/usr/bin/bwrap");
  EXPECT_THAT(joined, HasSubstr("--unshare-pid"));
  EXPECT_THAT(joined, HasSubstr("--proc /proc"));
  EXPECT_THAT(joined, HasSubstr("--ro-bind /dev/null /etc/hostname"));
  EXPECT_THAT(joined, HasSubstr("--bind /tmp/w /tmp/w --chdir /tmp/w"));
  EXPECT_THAT(joined, HasSubstr("--reuid=5001 --regid=5001 --clear-groups"));
  EXPECT_THAT(joined, HasSubstr("--no-new-privs -- app --x"));
  sandbox.mode = Sandbox::Mode::kSharedHost;
  EXPECT_EQ(SandboxedCommand(sandbox, 5001, "/tmp/w", {"app"}), std::vector<std::string>{"app"});
}

}  // namespace
}  // namespace paved::deploy::runtime::local
