#include "deploy/runtime/local/local_runtime.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "deploy/runtime/local/sealing.h"
#include "deploy/secrets/key_ring.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::deploy::runtime::local {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr auto kPatience = std::chrono::seconds(60);

spec::Component Service(const std::string& name, std::vector<std::string> command,
                        const std::string& health_path) {
  spec::Component c;
  c.name = name;
  c.kind = spec::ComponentKind::kService;
  c.port = 8080;
  c.local_command = std::move(command);
  if (!health_path.empty()) c.health = spec::Health{health_path, std::nullopt};
  return c;
}

spec::Component Worker(const std::string& name, std::vector<std::string> command) {
  spec::Component c;
  c.name = name;
  c.kind = spec::ComponentKind::kWorker;
  c.local_command = std::move(command);
  return c;
}

std::vector<std::string> HttpServer() {
  return {"python3", "-m", "http.server", "${PORT}", "--bind", "127.0.0.1"};
}

class LocalRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           absl::StrCat("paved-local-", getpid(), "-",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    runtime_ = NewRuntime();
    http::ClientOptions options;
    options.use_env_proxy = false;
    http_ = http::NewCurlClient(options);
  }

  void TearDown() override {
    if (runtime_ == nullptr) runtime_ = NewRuntime();  // re-adopts, so it can stop everything
    runtime_->StopAll();
    runtime_.reset();
    fs::remove_all(dir_);
  }

  std::unique_ptr<LocalRuntime> NewRuntime() {
    return std::make_unique<LocalRuntime>(dir_.string(), SystemClock::Get(), options_);
  }

  std::string StateFile() {
    std::ifstream in(dir_ / "local-alpha" / "shop" / "state.json");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  RolloutTarget Target(const std::string& deployment_id) {
    RolloutTarget t;
    t.cluster.name = "local-alpha";
    t.cluster.runtime = "local";
    t.environment = "alpha";
    t.project = "shop";
    t.team = "payments";
    t.deployment_id = deployment_id;
    t.spec = &spec_;
    t.component_env = env_;
    return t;
  }

  // Polls Check until the rollout is no longer progressing (or kPatience has passed).
  HealthReport Await(const RolloutTarget& t) {
    auto deadline = std::chrono::steady_clock::now() + kPatience;
    HealthReport report;
    while (std::chrono::steady_clock::now() < deadline) {
      auto r = runtime_->Check(t);
      EXPECT_OK(r);
      if (!r.ok()) return report;
      report = *r;
      if (report.health != Health::kProgressing) return report;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return report;
  }

  std::vector<Workload> Workloads() {
    auto w = runtime_->Workloads(Target("").cluster, "shop", "");
    EXPECT_OK(w);
    return w.ok() ? *w : std::vector<Workload>{};
  }

  bool Answers(const std::string& url) {
    auto r = http_->Send("GET", url + "/", {}, "", std::chrono::seconds(5));
    return r.ok() && r->status == 200;
  }

  // The pid the state file records for `instance`.
  int PidOf(const std::string& instance) {
    std::ifstream in(dir_ / "local-alpha" / "shop" / "state.json");
    nlohmann::json j = nlohmann::json::parse(in);
    for (const auto& i : j["instances"]) {
      if (i["name"] == instance) return i["pid"].get<int>();
    }
    return 0;
  }

  // Waits until `pred(Workloads())` holds (or kPatience has passed); returns whether it did.
  template <typename Pred>
  bool Eventually(Pred pred) {
    auto deadline = std::chrono::steady_clock::now() + kPatience;
    while (std::chrono::steady_clock::now() < deadline) {
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return pred();
  }

  fs::path dir_;
  FakeClock cron_clock_{1'795'521'630'000};  // 2026-11-24T12:00:30Z (a Tuesday)
  LocalRuntimeOptions options_;
  spec::AppSpec spec_;
  std::map<std::string, std::map<std::string, std::string>> env_;
  std::unique_ptr<LocalRuntime> runtime_;
  std::unique_ptr<http::Client> http_;
};

TEST_F(LocalRuntimeTest, ServiceBecomesHealthyAndAnswersAtItsUrl) {
  spec_.components = {Service("web", HttpServer(), "/")};
  RolloutTarget t = Target("d1abcdef-0001");
  ASSERT_OK(runtime_->Apply(t));

  HealthReport report = Await(t);
  EXPECT_EQ(report.health, Health::kHealthy) << report.message;

  std::vector<Workload> w = Workloads();
  ASSERT_THAT(w, SizeIs(1));
  EXPECT_EQ(w[0].component, "web");
  EXPECT_EQ(w[0].kind, "process");
  EXPECT_EQ(w[0].desired, 1);
  EXPECT_EQ(w[0].ready, 1);
  ASSERT_THAT(w[0].instances, SizeIs(1));
  EXPECT_EQ(w[0].instances[0].name, "web-d1abcd-0");
  EXPECT_EQ(w[0].instances[0].state, "ready");
  EXPECT_EQ(w[0].instances[0].deployment_id, "d1abcdef-0001");
  EXPECT_GT(w[0].instances[0].started_at_ms, 0);
  EXPECT_TRUE(absl::StartsWith(w[0].instances[0].url, "http://127.0.0.1:"));
  EXPECT_TRUE(Answers(w[0].instances[0].url));
}

TEST_F(LocalRuntimeTest, ApplyIsIdempotentAndStartsReplicas) {
  spec::Component worker = Worker("jobs", {"sleep", "600"});
  worker.replicas = 2;
  spec_.components = {worker, Service("docs", {}, "")};
  RolloutTarget t = Target("abcdef123456");
  ASSERT_OK(runtime_->Apply(t));
  ASSERT_OK(runtime_->Apply(t));

  std::vector<Workload> w = Workloads();
  ASSERT_THAT(w, SizeIs(1));
  EXPECT_EQ(w[0].desired, 2);
  ASSERT_THAT(w[0].instances, SizeIs(2));
  EXPECT_EQ(w[0].instances[0].name, "jobs-abcdef-0");
  EXPECT_EQ(w[0].instances[1].name, "jobs-abcdef-1");
  EXPECT_EQ(w[0].instances[0].url, "");  // workers have no url

  HealthReport report = Await(t);
  EXPECT_EQ(report.health, Health::kHealthy) << report.message;
  EXPECT_THAT(report.details, ::testing::Contains(HasSubstr("docs: no local.command")));
}

TEST_F(LocalRuntimeTest, CrashingCommandFailsWithLogLines) {
  spec_.components = {Worker("jobs", {"sh", "-c", "echo boom on port ${PORT}; exit 3"})};
  RolloutTarget t = Target("crash0001");
  ASSERT_OK(runtime_->Apply(t));

  HealthReport report = Await(t);
  ASSERT_EQ(report.health, Health::kFailed) << report.message;
  EXPECT_THAT(report.message, HasSubstr("exited with code 3"));
  EXPECT_THAT(report.details, ::testing::Contains(HasSubstr("log: boom on port ")));
  EXPECT_THAT(report.details, ::testing::Not(::testing::Contains(HasSubstr("${PORT}"))));
  std::vector<Workload> w = Workloads();
  ASSERT_THAT(w, SizeIs(1));
  ASSERT_THAT(w[0].instances, SizeIs(1));
  EXPECT_EQ(w[0].instances[0].state, "failed");
  EXPECT_EQ(w[0].instances[0].restarts, 2);  // started three times
}

TEST_F(LocalRuntimeTest, NeverHealthyStaysProgressing) {
  // http.server answers 404 on /healthz: the health check never passes.
  spec_.components = {Service("web", HttpServer(), "/healthz")};
  RolloutTarget t = Target("stuck0001");
  ASSERT_OK(runtime_->Apply(t));
  for (int i = 0; i < 20; ++i) {
    auto r = runtime_->Check(t);
    ASSERT_OK(r);
    EXPECT_EQ(r->health, Health::kProgressing) << r->message;
    EXPECT_EQ(r->message, "0/1 instances ready");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

TEST_F(LocalRuntimeTest, RollingReplacementStopsOldOnlyWhenNewIsHealthy) {
  spec_.components = {Service("web", HttpServer(), "/")};
  RolloutTarget first = Target("first0001");
  ASSERT_OK(runtime_->Apply(first));
  ASSERT_EQ(Await(first).health, Health::kHealthy);
  std::string old_url = Workloads()[0].instances[0].url;
  ASSERT_TRUE(Answers(old_url));

  RolloutTarget second = Target("second001");
  ASSERT_OK(runtime_->Apply(second));
  EXPECT_TRUE(Answers(old_url));  // still serving while the new one starts
  std::vector<Workload> during = Workloads();
  ASSERT_THAT(during, SizeIs(1));
  EXPECT_THAT(during[0].instances, SizeIs(2));

  HealthReport report = Await(second);
  ASSERT_EQ(report.health, Health::kHealthy) << report.message;
  std::vector<Workload> after = Workloads();
  ASSERT_THAT(after, SizeIs(1));
  ASSERT_THAT(after[0].instances, SizeIs(1));
  EXPECT_EQ(after[0].instances[0].deployment_id, "second001");
  EXPECT_TRUE(Answers(after[0].instances[0].url));
  EXPECT_NE(after[0].instances[0].url, old_url);
  EXPECT_FALSE(Answers(old_url));
}

TEST_F(LocalRuntimeTest, NewDeploymentThatFailsLeavesOldServing) {
  spec_.components = {Service("web", HttpServer(), "/")};
  RolloutTarget first = Target("good00001");
  ASSERT_OK(runtime_->Apply(first));
  ASSERT_EQ(Await(first).health, Health::kHealthy);
  std::string old_url = Workloads()[0].instances[0].url;

  spec_.components = {Service("web", {"sh", "-c", "exit 1"}, "/")};
  RolloutTarget bad = Target("bad000001");
  ASSERT_OK(runtime_->Apply(bad));
  EXPECT_EQ(Await(bad).health, Health::kFailed);
  EXPECT_TRUE(Answers(old_url));
}

// A rollback after a failed deployment replaces it, but its failed instance stays listed (with
// its logs, without a URL: nothing answers there) so the Workloads tab shows what failed.
TEST_F(LocalRuntimeTest, FailedInstanceStaysListedAfterARollbackReplacesIt) {
  spec_.components = {Service("jobs", HttpServer(), "/")};
  ASSERT_OK(runtime_->Apply(Target("good00001")));
  ASSERT_EQ(Await(Target("good00001")).health, Health::kHealthy);
  spec_.components = {Service("jobs", {"sh", "-c", "echo cannot start; exit 1"}, "/")};
  ASSERT_OK(runtime_->Apply(Target("bad000001")));
  ASSERT_EQ(Await(Target("bad000001")).health, Health::kFailed);

  spec_.components = {Service("jobs", HttpServer(), "/")};
  RolloutTarget back = Target("back00001");
  ASSERT_OK(runtime_->Apply(back));
  ASSERT_EQ(Await(back).health, Health::kHealthy);
  ASSERT_OK(runtime_->Prune(back));

  std::vector<Workload> w = Workloads();
  ASSERT_THAT(w, SizeIs(1));
  std::map<std::string, std::string> states;  // deployment id → state
  std::string failed_name;
  for (const Instance& i : w[0].instances) {
    states[i.deployment_id] = i.state;
    if (i.state == "failed") failed_name = i.name;
    EXPECT_EQ(i.url.empty(), i.state == "failed") << i.name << " " << i.url;
  }
  EXPECT_EQ(states,
            (std::map<std::string, std::string>{{"back00001", "ready"}, {"bad000001", "failed"}}));
  auto logs = runtime_->Logs(back.cluster, "shop", failed_name, 10);
  ASSERT_OK(logs);
  EXPECT_THAT(*logs, HasSubstr("cannot start"));
}

TEST_F(LocalRuntimeTest, PruneStopsOtherDeployments) {
  spec_.components = {Worker("jobs", {"sleep", "600"})};
  ASSERT_OK(runtime_->Apply(Target("old000001")));
  ASSERT_OK(runtime_->Apply(Target("new000001")));
  ASSERT_THAT(Workloads()[0].instances, SizeIs(2));
  int old_pid = PidOf("jobs-old000-0");
  ASSERT_GT(old_pid, 0);

  ASSERT_OK(runtime_->Prune(Target("new000001")));
  std::vector<Workload> w = Workloads();
  ASSERT_THAT(w[0].instances, SizeIs(1));
  EXPECT_EQ(w[0].instances[0].deployment_id, "new000001");
  EXPECT_NE(kill(old_pid, 0), 0);
}

TEST_F(LocalRuntimeTest, SupervisorRestartsCrashedHealthyInstance) {
  spec_.components = {Service("web", HttpServer(), "/")};
  RolloutTarget t = Target("restart01");
  ASSERT_OK(runtime_->Apply(t));
  ASSERT_EQ(Await(t).health, Health::kHealthy);
  int pid = PidOf("web-restar-0");
  ASSERT_GT(pid, 0);

  ASSERT_EQ(kill(pid, SIGKILL), 0);
  EXPECT_TRUE(Eventually([&] {
    std::vector<Workload> w = Workloads();
    return w.size() == 1 && w[0].instances.size() == 1 && w[0].instances[0].restarts >= 1 &&
           w[0].instances[0].state == "ready";
  }));
  EXPECT_NE(PidOf("web-restar-0"), pid);
  EXPECT_TRUE(Answers(Workloads()[0].instances[0].url));
}

TEST_F(LocalRuntimeTest, NewRuntimeReadoptsRunningInstances) {
  spec_.components = {Service("web", HttpServer(), "/")};
  RolloutTarget t = Target("adopt0001");
  ASSERT_OK(runtime_->Apply(t));
  ASSERT_EQ(Await(t).health, Health::kHealthy);
  int pid = PidOf("web-adopt0-0");
  std::string url = Workloads()[0].instances[0].url;

  runtime_.reset();  // the server goes away; its processes do not
  EXPECT_TRUE(Answers(url));
  runtime_ = NewRuntime();

  std::vector<Workload> w = Workloads();
  ASSERT_THAT(w, SizeIs(1));
  ASSERT_THAT(w[0].instances, SizeIs(1));
  EXPECT_EQ(w[0].instances[0].state, "ready");
  EXPECT_EQ(w[0].instances[0].url, url);
  EXPECT_EQ(PidOf("web-adopt0-0"), pid);
  EXPECT_TRUE(Answers(url));
  EXPECT_EQ(Await(t).health, Health::kHealthy);
}

TEST_F(LocalRuntimeTest, NewRuntimeRestartsInstancesThatDied) {
  spec_.components = {Service("web", HttpServer(), "/")};
  RolloutTarget t = Target("dead00001");
  ASSERT_OK(runtime_->Apply(t));
  ASSERT_EQ(Await(t).health, Health::kHealthy);
  int pid = PidOf("web-dead00-0");
  runtime_.reset();
  ASSERT_EQ(kill(-pid, SIGKILL), 0);
  waitpid(pid, nullptr, 0);  // gone before the new runtime looks

  runtime_ = NewRuntime();
  EXPECT_TRUE(Eventually([&] {
    std::vector<Workload> w = Workloads();
    return w.size() == 1 && w[0].instances.size() == 1 && w[0].instances[0].state == "ready";
  }));
  EXPECT_NE(PidOf("web-dead00-0"), pid);
  EXPECT_TRUE(Answers(Workloads()[0].instances[0].url));
}

TEST_F(LocalRuntimeTest, LogsTailWithSubstitutedEnv) {
  env_["jobs"] = {{"GREETING", "world"}};
  spec_.components = {Worker("jobs", {"sh", "-c",
                                      "echo hello ${GREETING} on ${PORT} as $PAVED_INSTANCE; "
                                      "for i in 1 2 3 4 5; do echo line$i; done; exec sleep 600"})};
  RolloutTarget t = Target("logs00001");
  ASSERT_OK(runtime_->Apply(t));
  platform::Cluster cluster = t.cluster;

  EXPECT_TRUE(Eventually([&] {
    auto tail = runtime_->Logs(cluster, "shop", "jobs-logs00-0", 2);
    return tail.ok() && *tail == "line4\nline5\n";
  }));
  auto all = runtime_->Logs(cluster, "shop", "jobs-logs00-0", 100);
  ASSERT_OK(all);
  EXPECT_THAT(*all, HasSubstr("hello world on "));
  EXPECT_THAT(*all, HasSubstr(" as jobs-logs00-0"));
  EXPECT_THAT(*all, ::testing::Not(HasSubstr("${")));
  EXPECT_CODE(runtime_->Logs(cluster, "shop", "nope-0", 10), kNotFound);
  EXPECT_CODE(runtime_->Logs(cluster, "shop", "../state", 10), kInvalidArgument);
}

// An app gets what its spec and Paved give and a fixed system PATH, nothing of the server's own
// environment: not its admin password, cloud keys, HOME or PATH — isolated or on a shared host.
TEST_F(LocalRuntimeTest, AppsStartWithACleanEnvironment) {
  const std::map<std::string, std::string> server_env = {
      {"PAVED_ADMIN_PASSWORD", "marker-admin-password"},
      {"AWS_SECRET_ACCESS_KEY", "marker-aws-key"},
      {"HOME", "/marker-home"},
      {"PATH", "/marker-bin:/usr/bin:/bin"}};
  env_["jobs"] = {{"FROM_SPEC", "yes"}};
  spec_.components = {Worker("jobs", {"/bin/sh", "-c",
                                      "/usr/bin/env; echo end-of-env; "
                                      "exec /bin/sleep 600"})};
  for (Sandbox::Mode mode : {Sandbox::Mode::kIsolated, Sandbox::Mode::kSharedHost}) {
    SCOPED_TRACE(mode == Sandbox::Mode::kIsolated ? "isolated" : "shared host");
    runtime_->StopAll();
    options_.sandbox.mode = mode;
    runtime_ = NewRuntime();
    std::map<std::string, std::string> saved;
    for (const auto& [name, value] : server_env) {
      if (const char* old = std::getenv(name.c_str())) saved[name] = old;
      setenv(name.c_str(), value.c_str(), 1);
    }
    const bool isolated = mode == Sandbox::Mode::kIsolated;
    RolloutTarget t = Target(isolated ? "envi00001" : "envs00001");
    absl::Status applied = runtime_->Apply(t);
    for (const auto& [name, value] : server_env) {
      if (saved.count(name)) {
        setenv(name.c_str(), saved[name].c_str(), 1);
      } else {
        unsetenv(name.c_str());
      }
    }
    ASSERT_OK(applied);
    std::string logs;
    EXPECT_TRUE(Eventually([&] {
      auto all =
          runtime_->Logs(t.cluster, "shop", isolated ? "jobs-envi00-0" : "jobs-envs00-0", 200);
      logs = all.ok() ? *all : "";
      return logs.find("end-of-env") != std::string::npos;
    })) << logs;
    EXPECT_THAT(logs, ::testing::Not(HasSubstr("marker")));
    EXPECT_THAT(logs,
                HasSubstr("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"));
    EXPECT_THAT(logs, HasSubstr("FROM_SPEC=yes"));
    EXPECT_THAT(logs, HasSubstr("PAVED_PROJECT=shop"));
  }
}

TEST_F(LocalRuntimeTest, StopStopsEverything) {
  spec_.components = {Worker("jobs", {"sleep", "600"})};
  RolloutTarget t = Target("stop00001");
  ASSERT_OK(runtime_->Apply(t));
  int pid = PidOf("jobs-stop00-0");
  ASSERT_GT(pid, 0);
  ASSERT_OK(runtime_->Stop(t.cluster, "shop"));
  EXPECT_TRUE(Workloads().empty());
  EXPECT_NE(kill(pid, 0), 0);
}

TEST_F(LocalRuntimeTest, RejectsUnsafeNames) {
  spec_.components = {Worker("jobs", {"sleep", "600"})};
  RolloutTarget t = Target("x00000001");
  t.project = "../etc";
  EXPECT_CODE(runtime_->Apply(t), kInvalidArgument);
}

std::unique_ptr<KeyRing> TestKeys(const std::string& id) {
  auto keys = KeyRing::FromText(NewKeyLine(id));
  EXPECT_OK(keys);
  return keys.ok() ? std::move(*keys) : nullptr;
}

TEST_F(LocalRuntimeTest, SealedStateKeepsSecretsOffDiskAndRestartsWithThem) {
  runtime_.reset();
  std::unique_ptr<KeyRing> keys = TestKeys("k1");
  SealWithKeyRing(keys.get(), &options_);
  runtime_ = NewRuntime();
  env_["jobs"] = {{"DB_PASSWORD", "hunter2-very-secret"}};
  spec_.components = {Worker("jobs", {"sh", "-c", "echo pw=$DB_PASSWORD; exec sleep 600"})};
  RolloutTarget t = Target("seal00001");
  ASSERT_OK(runtime_->Apply(t));
  ASSERT_EQ(Await(t).health, Health::kHealthy);

  std::string state = StateFile();
  EXPECT_THAT(state, HasSubstr("sealed_env"));
  EXPECT_THAT(state, ::testing::Not(HasSubstr("hunter2-very-secret")));

  int pid = PidOf("jobs-seal00-0");
  runtime_.reset();
  ASSERT_EQ(kill(-pid, SIGKILL), 0);
  waitpid(pid, nullptr, 0);
  runtime_ = NewRuntime();  // must open the sealed env to restart the instance
  EXPECT_TRUE(Eventually([&] {
    std::vector<Workload> w = Workloads();
    return w.size() == 1 && w[0].instances.size() == 1 && w[0].instances[0].state == "ready" &&
           PidOf("jobs-seal00-0") != pid;
  }));
  EXPECT_TRUE(Eventually([&] {
    auto log = runtime_->Logs(t.cluster, "shop", "jobs-seal00-0", 100);
    if (!log.ok()) return false;
    size_t first = log->find("pw=hunter2-very-secret");
    return first != std::string::npos &&
           log->find("pw=hunter2-very-secret", first + 1) != std::string::npos;
  }));
  EXPECT_THAT(StateFile(), ::testing::Not(HasSubstr("hunter2-very-secret")));
}

TEST_F(LocalRuntimeTest, SealedStateWithAnotherKeyIsNotRestarted) {
  runtime_.reset();
  std::unique_ptr<KeyRing> keys = TestKeys("k1");
  SealWithKeyRing(keys.get(), &options_);
  runtime_ = NewRuntime();
  env_["jobs"] = {{"TOKEN", "abc"}};
  spec_.components = {Worker("jobs", {"sleep", "600"})};
  RolloutTarget t = Target("wrong0001");
  ASSERT_OK(runtime_->Apply(t));
  int pid = PidOf("jobs-wrong0-0");
  runtime_.reset();
  ASSERT_EQ(kill(-pid, SIGKILL), 0);
  waitpid(pid, nullptr, 0);

  std::unique_ptr<KeyRing> other = TestKeys("k2");
  SealWithKeyRing(other.get(), &options_);
  runtime_ = NewRuntime();
  std::vector<Workload> w = Workloads();
  ASSERT_THAT(w, SizeIs(1));
  ASSERT_THAT(w[0].instances, SizeIs(1));
  EXPECT_EQ(w[0].instances[0].state, "failed");
  auto report = runtime_->Check(t);
  ASSERT_OK(report);
  EXPECT_EQ(report->health, Health::kFailed);
  EXPECT_THAT(report->message, HasSubstr("cannot be unsealed"));
  EXPECT_THAT(StateFile(), HasSubstr("sealed_env"));  // kept as it was, not an empty env

  // With the right key again the instance starts, with its environment.
  runtime_.reset();
  SealWithKeyRing(keys.get(), &options_);
  runtime_ = NewRuntime();
  EXPECT_TRUE(Eventually([&] {
    std::vector<Workload> now = Workloads();
    return now.size() == 1 && now[0].instances.size() == 1 && now[0].instances[0].state == "ready";
  }));
}

TEST_F(LocalRuntimeTest, NewRuntimeReadoptsInstancesThatExecd) {
  // Isolated, the recorded process is the sandbox's, which never execs: watch it on a shared host.
  runtime_.reset();
  options_.sandbox.mode = Sandbox::Mode::kSharedHost;
  runtime_ = NewRuntime();
  spec_.components = {Worker("jobs", {"sh", "-c", "exec sleep 600"})};
  RolloutTarget t = Target("exec00001");
  ASSERT_OK(runtime_->Apply(t));
  ASSERT_EQ(Await(t).health, Health::kHealthy);
  int pid = PidOf("jobs-exec00-0");
  ASSERT_TRUE(Eventually([&] {  // the shell has become sleep
    std::ifstream in(absl::StrCat("/proc/", pid, "/cmdline"));
    std::string cmd;
    std::getline(in, cmd, '\0');
    return cmd == "sleep";
  }));

  runtime_.reset();
  runtime_ = NewRuntime();
  std::vector<Workload> w = Workloads();
  ASSERT_THAT(w, SizeIs(1));
  ASSERT_THAT(w[0].instances, SizeIs(1));
  EXPECT_EQ(w[0].instances[0].state, "ready");
  EXPECT_EQ(w[0].instances[0].restarts, 0);
  EXPECT_EQ(PidOf("jobs-exec00-0"), pid);
  EXPECT_EQ(kill(pid, 0), 0);
}

TEST_F(LocalRuntimeTest, EachInstanceRunsInItsOwnWorkingDirectory) {
  spec_.components = {Worker("jobs", {"sh", "-c", "echo cwd=$(pwd); exec sleep 600"})};
  spec_.components[0].replicas = 2;
  RolloutTarget t = Target("cwd000001");
  ASSERT_OK(runtime_->Apply(t));
  for (const std::string instance : {"jobs-cwd000-0", "jobs-cwd000-1"}) {
    fs::path want = fs::canonical(dir_) / "local-alpha" / "shop" / "work" / instance;
    EXPECT_TRUE(Eventually([&] {
      auto log = runtime_->Logs(t.cluster, "shop", instance, 100);
      return log.ok() && absl::StrContains(*log, "cwd=" + want.string() + "\n");
    })) << instance;
  }
  ASSERT_OK(runtime_->Stop(t.cluster, "shop"));
  EXPECT_FALSE(fs::exists(dir_ / "local-alpha" / "shop" / "work" / "jobs-cwd000-0"));
}

TEST_F(LocalRuntimeTest, LogsAreCappedByRotation) {
  runtime_.reset();
  options_.max_log_bytes = 4096;
  runtime_ = NewRuntime();
  spec_.components = {Worker(
      "jobs", {"sh", "-c",
               "i=0; while [ $i -lt 3000 ]; do echo line-$i-padding-padding; i=$((i+1)); done; "
               "exec sleep 600"})};
  RolloutTarget t = Target("rot000001");
  ASSERT_OK(runtime_->Apply(t));
  fs::path log = dir_ / "local-alpha" / "shop" / "jobs-rot000-0.log";
  EXPECT_TRUE(Eventually([&] {
    auto tail = runtime_->Logs(t.cluster, "shop", "jobs-rot000-0", 1);
    return tail.ok() && absl::StrContains(*tail, "line-2999-") && fs::exists(log.string() + ".1") &&
           fs::file_size(log) <= 4096;
  }));
  EXPECT_LE(fs::file_size(log.string() + ".1"), 4096u);
  auto tail = runtime_->Logs(t.cluster, "shop", "jobs-rot000-0", 3);
  ASSERT_OK(tail);
  EXPECT_THAT(*tail, HasSubstr("line-2998-"));
}

// Cron components run at their scheduled minutes (UTC): nothing for the minutes before the
// deployment, one run per due minute, its outcome and log kept.
TEST_F(LocalRuntimeTest, CronComponentsRunAtTheirScheduledMinutes) {
  runtime_ = std::make_unique<LocalRuntime>(dir_.string(), &cron_clock_, options_);
  auto Cron = [](const std::string& name, const std::string& schedule,
                 std::vector<std::string> command) {
    spec::Component c;
    c.name = name;
    c.kind = spec::ComponentKind::kCronJob;
    c.schedule = schedule;
    c.local_command = std::move(command);
    return c;
  };
  spec_.components = {
      Cron("report", "*/5 * * * *", {"/bin/sh", "-c", "echo ran as $PAVED_INSTANCE"}),
      Cron("broken", "*/5 * * * *", {"/bin/sh", "-c", "exit 3"}),
      Cron("nightly", "0 3 * * *", {"true"})};
  RolloutTarget t = Target("cron00002");
  ASSERT_OK(runtime_->Apply(t));
  ASSERT_OK(runtime_->Check(t));  // looks at 12:00: before the deployment, nothing runs
  EXPECT_TRUE(Workloads()[0].instances.empty());

  cron_clock_.AdvanceMs(5 * 60'000);  // 12:05:30
  ASSERT_OK(runtime_->Check(t));
  auto finished = [&](const Workload& w) {
    return !w.instances.empty() && w.instances[0].state != "running";
  };
  ASSERT_TRUE(Eventually([&] {
    std::vector<Workload> w = Workloads();
    return w.size() == 3 && finished(w[0]) && finished(w[1]);
  }));
  std::vector<Workload> w = Workloads();
  ASSERT_THAT(w[0].instances, SizeIs(1));
  EXPECT_EQ(w[0].kind, "CronJob");
  EXPECT_EQ(w[0].instances[0].name, "report-20261124-1205");
  EXPECT_EQ(w[0].instances[0].state, "succeeded");
  EXPECT_EQ(w[0].last_schedule_ms, 1'795'521'900'000);  // 12:05
  EXPECT_GT(w[0].last_successful_ms, 0);
  EXPECT_EQ(w[1].instances[0].state, "failed");
  EXPECT_EQ(w[1].last_successful_ms, 0);
  EXPECT_TRUE(w[2].instances.empty());
  auto log = runtime_->Logs(t.cluster, "shop", "report-20261124-1205", 20);
  ASSERT_OK(log);
  EXPECT_THAT(*log, HasSubstr("ran as report-20261124-1205"));

  cron_clock_.AdvanceMs(60'000);  // 12:06:30: not due
  ASSERT_OK(runtime_->Check(t));
  EXPECT_THAT(Workloads()[0].instances, SizeIs(1));
}

// A cron component's environment is sealed in the state file like an instance's, and a new
// runtime opens it to run the component.
TEST_F(LocalRuntimeTest, SealedCronEnvironmentStaysOffDiskAndReachesTheRun) {
  runtime_.reset();
  std::unique_ptr<KeyRing> keys = TestKeys("k1");
  SealWithKeyRing(keys.get(), &options_);
  runtime_ = std::make_unique<LocalRuntime>(dir_.string(), &cron_clock_, options_);
  env_["report"] = {{"API_KEY", "hunter2-cron-secret"}};
  spec::Component cron;
  cron.name = "report";
  cron.kind = spec::ComponentKind::kCronJob;
  cron.schedule = "* * * * *";
  cron.local_command = {"/bin/sh", "-c", "echo key=$API_KEY"};
  spec_.components = {cron};
  RolloutTarget t = Target("cron00003");
  ASSERT_OK(runtime_->Apply(t));
  ASSERT_OK(runtime_->Check(t));
  EXPECT_THAT(StateFile(), HasSubstr("sealed_env"));
  EXPECT_THAT(StateFile(), ::testing::Not(HasSubstr("hunter2-cron-secret")));

  runtime_ = std::make_unique<LocalRuntime>(dir_.string(), &cron_clock_, options_);
  cron_clock_.AdvanceMs(60'000);
  ASSERT_OK(runtime_->Check(t));
  EXPECT_TRUE(Eventually([&] {
    auto log = runtime_->Logs(t.cluster, "shop", "report-20261124-1201", 20);
    return log.ok() && log->find("key=hunter2-cron-secret") != std::string::npos;
  }));
  EXPECT_THAT(StateFile(), ::testing::Not(HasSubstr("hunter2-cron-secret")));
}

TEST_F(LocalRuntimeTest, CronComponentsShowTheirSchedule) {
  spec::Component cron;
  cron.name = "cleanup";
  cron.kind = spec::ComponentKind::kCronJob;
  cron.schedule = "0 3 * * *";
  cron.local_command = {"true"};
  spec_.components = {Worker("jobs", {"sleep", "600"}), cron};
  RolloutTarget t = Target("cron00001");
  ASSERT_OK(runtime_->Apply(t));
  std::vector<Workload> w = Workloads();
  ASSERT_THAT(w, SizeIs(2));
  EXPECT_EQ(w[1].component, "cleanup");
  EXPECT_EQ(w[1].kind, "CronJob");
  EXPECT_EQ(w[1].schedule, "0 3 * * *");
  EXPECT_TRUE(w[1].instances.empty());
  EXPECT_EQ(WorkloadToJson(w[1])["schedule"], "0 3 * * *");
}

}  // namespace
}  // namespace paved::deploy::runtime::local
