// The local provider with a real redis-server (Debian's), driven through the saga runner, and
// checked with Debian's redis-cli the way a developer would connect.
#include "resources/local/local_provider.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "deploy/runtime/local/process.h"
#include "gtest/gtest.h"
#include "resources/connection.h"
#include "resources/profiles.h"
#include "resources/saga.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::resources::local {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Shell(const std::string& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return out;
  std::array<char, 512> buf{};
  while (fgets(buf.data(), buf.size(), pipe)) out += buf.data();
  pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// dynalite as scripts/install-deps installs it into the source tree.
std::string Dynalite() { return PAVED_SOURCE_DIR "/tools/dynalite/node_modules/dynalite/cli.js"; }

// The aws CLI against a local table's own server, as a developer would use it.
std::string Aws(const Resource& r, const std::string& args) {
  return Shell(absl::StrCat("AWS_ACCESS_KEY_ID=any AWS_SECRET_ACCESS_KEY=any aws --output json ",
                            "--region ", r.outputs["region"].get<std::string>(), " --endpoint-url ",
                            r.outputs["endpoint"].get<std::string>(), " dynamodb ", args));
}

int ReadPid(const fs::path& dir) {
  std::ifstream in(dir / "process.json");
  json j = json::parse(in, nullptr, false);
  return j.is_object() ? j.value("pid", 0) : 0;
}

class LocalProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("paved-resources-" + std::to_string(getpid()));
    fs::create_directories(root_);
    LocalOptions options{.root = root_.string(), .dynalite = Dynalite()};
    options.sandbox.mode = deploy::runtime::local::Sandbox::Mode::kSharedHost;
    provider_ = std::make_unique<LocalProvider>(options);
    auto db = test_support::NewMigratedStore(store::Engine::kSqlite);
    ASSERT_OK(db);
    db_ = std::move(*db);
    store_ = std::make_unique<ResourceStore>(db_.get(), &clock_);
    queue_ = std::make_unique<jobs::JobQueue>(db_.get(), &clock_);
    runner_ = std::make_unique<SagaRunner>(
        store_.get(), queue_.get(), std::map<std::string, Provider*>{{"local", provider_.get()}});
  }
  void TearDown() override {
    for (const std::string& id : created_) {
      auto r = store_->Get(id);
      if (r.ok() && *r) {
        // In reverse, as a deletion does: the process before the directory that names it.
        auto steps = provider_->Steps(**r);
        for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
          (*it)->Undo(**r, "").IgnoreError();
        }
      }
    }
    fs::remove_all(root_);
  }

  Resource Create(const json& spec, Kind kind = Kind::kRedis, const std::string& name = "cache") {
    absl::StatusOr<Profile> profile = ParseProfile(
        {{"account", "local"},
         {"environment", "alpha"},
         {"defaults", {{"redis", {{"maxmemory_mb", {{"s", 32}, {"m", 96}, {"l", 512}}}}}}}});
    EXPECT_OK(profile);
    absl::StatusOr<json> effective = Resolve(*profile, kind, spec, json::object());
    EXPECT_OK(effective);
    Resource r{.id = "r" + std::to_string(created_.size() + 1) + std::to_string(getpid()),
               .project_id = "p1",
               .name = name,
               .kind = kind,
               .environment = "alpha",
               .account = "local",
               .provider = "local",
               .spec = spec,
               .effective = *effective,
               .created_by = "dev"};
    created_.push_back(r.id);
    EXPECT_OK(db_->Transaction([&](store::Tx& tx) { return store_->Insert(tx, r); }));
    jobs::Job job{.payload = {{"resource_id", r.id}}};
    for (int run = 0; run < 100; ++run) {
      absl::Status s = runner_->RunCreate(job);
      if (s.ok()) break;
      usleep(100'000);  // a poll: redis-server is starting
    }
    auto stored = store_->Get(r.id);
    EXPECT_OK(stored);
    return **stored;
  }

  std::string Cli(const Resource& r, const std::string& args) {
    auto password = provider_->RedisPassword(r);
    EXPECT_OK(password);
    return Shell(absl::StrCat("redis-cli -h 127.0.0.1 -p ", r.outputs["port"].get<int>(), " -a ",
                              *password, " --no-auth-warning ", args));
  }

  fs::path root_;
  FakeClock clock_;
  std::unique_ptr<LocalProvider> provider_;
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<ResourceStore> store_;
  std::unique_ptr<jobs::JobQueue> queue_;
  std::unique_ptr<SagaRunner> runner_;
  std::vector<std::string> created_;
};

TEST_F(LocalProviderTest, ARedisAnswersWithItsSettingsAndIsGoneAfterDelete) {
  Resource r = Create({{"size", "m"}, {"eviction_policy", "volatile-lfu"}});
  ASSERT_EQ(r.status, Status::kReady) << r.status_detail;
  ASSERT_TRUE(r.outputs["port"].is_number_integer()) << r.outputs.dump();
  EXPECT_EQ(r.outputs["host"], "127.0.0.1");
  EXPECT_EQ(Cli(r, "PING"), "PONG");
  EXPECT_EQ(Cli(r, "SET greeting hello"), "OK");
  EXPECT_EQ(Cli(r, "GET greeting"), "hello");
  EXPECT_EQ(Cli(r, "CONFIG GET maxmemory"), "maxmemory\n" + std::to_string(96 * 1024 * 1024));
  EXPECT_EQ(Cli(r, "CONFIG GET maxmemory-policy"), "maxmemory-policy\nvolatile-lfu");
  // Without the password nothing is served; the data directory cannot be moved.
  EXPECT_NE(Shell(absl::StrCat("redis-cli -p ", r.outputs["port"].get<int>(), " GET greeting"))
                .find("NOAUTH"),
            std::string::npos);
  EXPECT_NE(Cli(r, "CONFIG SET dir /tmp").find("ERR"), std::string::npos);
  auto live = provider_->LiveStatus(r);
  ASSERT_OK(live);
  EXPECT_EQ((*live)["state"], "available");

  int port = r.outputs["port"];
  int pid = r.outputs["pid"];
  ASSERT_OK(db_->Transaction(
      [&](store::Tx& tx) { return store_->SetStatus(tx, r.id, Status::kDeleting, ""); }));
  ASSERT_OK(runner_->RunDelete(jobs::Job{.payload = {{"resource_id", r.id}}}));
  EXPECT_FALSE(deploy::runtime::local::PollProcess(pid).alive);
  EXPECT_TRUE(deploy::runtime::local::PortFree(port));
  EXPECT_FALSE(fs::exists(root_ / r.id));
  EXPECT_EQ((*store_->Get(r.id))->status, Status::kDeleted);
}

TEST_F(LocalProviderTest, AKilledRedisIsRevivedOnItsPortWithItsPassword) {
  Resource r = Create({{"size", "s"}});
  ASSERT_EQ(r.status, Status::kReady) << r.status_detail;
  auto revived = provider_->Revive(r);
  ASSERT_OK(revived);
  EXPECT_FALSE(*revived);  // still running: left alone
  deploy::runtime::local::StopProcessGroups({r.outputs["pid"].get<int>()}, 0);
  std::string state;
  for (int i = 0; i < 50 && state != "stopped"; ++i, usleep(100'000)) {
    state = (*provider_->LiveStatus(r))["state"];
  }
  EXPECT_EQ(state, "stopped");
  revived = provider_->Revive(r);
  ASSERT_OK(revived);
  EXPECT_TRUE(*revived);
  std::string pong;
  for (int i = 0; i < 50 && pong != "PONG"; ++i, usleep(100'000)) pong = Cli(r, "PING");
  EXPECT_EQ(pong, "PONG");
}

// `make run` gives a relative data dir; redis-server, started in the resource's directory,
// must still find its config.
TEST_F(LocalProviderTest, ARelativeRootStillStartsARedis) {
  fs::path cwd = fs::current_path();
  fs::current_path(root_);
  LocalOptions options{.root = "relative/resources"};
  options.sandbox.mode = deploy::runtime::local::Sandbox::Mode::kSharedHost;
  provider_ = std::make_unique<LocalProvider>(options);
  runner_ = std::make_unique<SagaRunner>(
      store_.get(), queue_.get(), std::map<std::string, Provider*>{{"local", provider_.get()}});
  fs::current_path(cwd);  // the provider keeps working from anywhere
  Resource r = Create({{"size", "s"}});
  EXPECT_EQ(r.status, Status::kReady) << r.status_detail;
  EXPECT_TRUE(fs::exists(root_ / "relative/resources" / r.id / "redis.conf"));
}

TEST_F(LocalProviderTest, ARedisThatCannotStartIsUndoneAndSaysWhy) {
  LocalOptions broken{.root = root_.string(), .redis_server = "/usr/bin/false"};
  broken.sandbox.mode = deploy::runtime::local::Sandbox::Mode::kSharedHost;
  provider_ = std::make_unique<LocalProvider>(broken);
  runner_ = std::make_unique<SagaRunner>(
      store_.get(), queue_.get(), std::map<std::string, Provider*>{{"local", provider_.get()}});
  Resource r = Create({{"size", "s"}});
  EXPECT_EQ(r.status, Status::kFailed);
  EXPECT_NE(r.status_detail.find("redis-server exited"), std::string::npos) << r.status_detail;
  EXPECT_FALSE(fs::exists(root_ / r.id));  // the config step was undone
}

}  // namespace
}  // namespace paved::resources::local

namespace paved::resources::local {
namespace {

TEST_F(LocalProviderTest, ATableServesItemsCarriesPavedTagsAndIsGoneAfterDelete) {
  ASSERT_TRUE(fs::exists(Dynalite())) << "run scripts/install-deps";
  Resource r = Create({{"partition_key", {{"name", "pk"}, {"type", "S"}}},
                       {"sort_key", {{"name", "at"}, {"type", "N"}}}},
                      Kind::kDynamoDb, "orders");
  ASSERT_EQ(r.status, Status::kReady) << r.status_detail;
  EXPECT_EQ(r.outputs["table"], "orders");
  EXPECT_EQ(r.outputs["endpoint"], absl::StrCat("http://127.0.0.1:", r.outputs["port"].get<int>()));

  json described = json::parse(Aws(r, "describe-table --table-name orders"), nullptr, false);
  ASSERT_TRUE(described.is_object()) << Aws(r, "describe-table --table-name orders");
  EXPECT_EQ(described["Table"]["TableStatus"], "ACTIVE");
  EXPECT_EQ(described["Table"]["KeySchema"][0]["AttributeName"], "pk");
  EXPECT_EQ(described["Table"]["KeySchema"][1]["AttributeName"], "at");
  json tags = json::parse(
      Aws(r, "list-tags-of-resource --resource-arn " + r.outputs["table_arn"].get<std::string>()),
      nullptr, false);
  ASSERT_TRUE(tags.is_object());
  std::map<std::string, std::string> by_key;
  for (const json& t : tags["Tags"]) by_key[t["Key"]] = t["Value"];
  EXPECT_EQ(by_key["paved-resource-id"], r.id);
  EXPECT_EQ(by_key["managed-by"], "paved");
  EXPECT_EQ(by_key["env"], "alpha");

  Aws(r, R"(put-item --table-name orders --item '{"pk":{"S":"a"},"at":{"N":"1"},"v":{"S":"x"}}')");
  json item =
      json::parse(Aws(r, R"(get-item --table-name orders --key '{"pk":{"S":"a"},"at":{"N":"1"}}')"),
                  nullptr, false);
  ASSERT_TRUE(item.is_object());
  EXPECT_EQ(item["Item"]["v"]["S"], "x");
  auto live = provider_->LiveStatus(r);
  ASSERT_OK(live);
  EXPECT_EQ((*live)["state"], "ACTIVE");

  // Killed, it comes back on its port with its items (LevelDB in the resource's directory).
  int pid = r.outputs["pid"];
  deploy::runtime::local::StopProcessGroups({pid}, 0);
  std::string state;
  for (int i = 0; i < 50 && state != "stopped"; ++i, usleep(100'000)) {
    state = (*provider_->LiveStatus(r))["state"];
  }
  EXPECT_EQ(state, "stopped");
  auto revived = provider_->Revive(r);
  ASSERT_OK(revived);
  EXPECT_TRUE(*revived);
  std::string again;
  for (int i = 0; i < 50 && again.find("\"x\"") == std::string::npos; ++i, usleep(100'000)) {
    again = Aws(r, R"(get-item --table-name orders --key '{"pk":{"S":"a"},"at":{"N":"1"}}')");
  }
  EXPECT_NE(again.find("\"x\""), std::string::npos) << again;

  int port = r.outputs["port"];
  std::string curl =
      absl::StrCat("curl -s -m 2 -o /dev/null -w '%{http_code}' http://127.0.0.1:", port);
  EXPECT_NE(Shell(curl), "000");  // dynalite answers (an error: no AWS request)
  int new_pid = ReadPid(root_ / r.id);
  ASSERT_OK(db_->Transaction(
      [&](store::Tx& tx) { return store_->SetStatus(tx, r.id, Status::kDeleting, ""); }));
  ASSERT_OK(runner_->RunDelete(jobs::Job{.payload = {{"resource_id", r.id}}}));
  EXPECT_FALSE(deploy::runtime::local::PollProcess(new_pid).alive);
  // Nothing answers on the port (the aws CLI's closed connections may keep it in TIME_WAIT).
  EXPECT_EQ(Shell(curl), "000");
  EXPECT_FALSE(fs::exists(root_ / r.id));
  EXPECT_TRUE(absl::IsNotFound(provider_->LiveStatus(r).status()));
}

TEST_F(LocalProviderTest, WithoutDynaliteATableFailsSayingSoAndLeavesNothing) {
  LocalOptions options{.root = root_.string(), .dynalite = ""};
  options.sandbox.mode = deploy::runtime::local::Sandbox::Mode::kSharedHost;
  provider_ = std::make_unique<LocalProvider>(options);
  runner_ = std::make_unique<SagaRunner>(
      store_.get(), queue_.get(), std::map<std::string, Provider*>{{"local", provider_.get()}});
  Resource r = Create({{"partition_key", {{"name", "pk"}}}}, Kind::kDynamoDb, "orders");
  EXPECT_EQ(r.status, Status::kFailed);
  EXPECT_NE(r.status_detail.find("dynalite is not installed"), std::string::npos)
      << r.status_detail;
  EXPECT_FALSE(fs::exists(root_ / r.id));
}

}  // namespace
}  // namespace paved::resources::local
