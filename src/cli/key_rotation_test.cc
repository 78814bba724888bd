#include "cli/key_rotation.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "audit/audit_log.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/files.h"
#include "deploy/secrets/key_ring.h"
#include "deploy/secrets/secret_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/migrate.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string TempDir() {
  char pattern[] = "/tmp/paved-rotate-XXXXXX";
  return mkdtemp(pattern) != nullptr ? pattern : "";
}

// A server's data dir and store with three secret versions under the key file's first key.
class KeyRotationTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    unsetenv(deploy::kSecretKeyEnv);
    config_.data_dir = TempDir();
    ASSERT_FALSE(config_.data_dir.empty());
    auto url = test_support::NewDatabaseUrl(GetParam());
    ASSERT_OK(url);  // PostgreSQL must start: never skip
    config_.store_url = *url;
    auto opened = store::OpenStore(config_.store_url);
    ASSERT_OK(opened);
    store_ = std::move(*opened);
    ASSERT_OK(store::Migrate(*store_, store::AllMigrations()));
    ASSERT_OK(CreateProject());
    auto first = deploy::EnsureKeyFile(KeyFile());
    ASSERT_OK(first);
    first_key_ = *first;
    auto ring = deploy::KeyRing::FromFile(KeyFile());
    ASSERT_OK(ring);
    deploy::SecretStore secrets(store_.get(), ring->get(), &clock_);
    ASSERT_OK(secrets.Put(project_id_, "production", "db-password", "hunter2-v1", "kim", ""));
    ASSERT_OK(secrets.Put(project_id_, "production", "db-password", "hunter2-v2", "kim", ""));
    ASSERT_OK(secrets.Put(project_id_, "alpha", "api-key", "alpha-key", "kim", ""));
  }
  void TearDown() override { std::filesystem::remove_all(config_.data_dir); }

  std::string KeyFile() const { return config_.data_dir + "/secret.keys"; }

  absl::Status CreateProject() {
    catalog::TeamStore teams(store_.get(), &clock_);
    catalog::ProjectStore projects(store_.get(), &clock_);
    return store_->Transaction([&](store::Tx& tx) -> absl::Status {
      catalog::Team team{.slug = "chat", .name = "Chat"};
      if (absl::Status s = teams.Create(tx, team); !s.ok()) return s;
      catalog::Project project{.slug = "chat-gateway", .name = "Chat gateway"};
      project.owner_team_id = team.id;
      project.created_by = "admin";
      absl::Status s = projects.Create(tx, project);
      project_id_ = project.id;
      return s;
    });
  }

  // Every version decrypts with the key file as it is now, and names `key_id`.
  void ExpectReadableUnder(const std::string& key_id) {
    auto ring = deploy::KeyRing::FromFile(KeyFile());
    ASSERT_OK(ring);
    EXPECT_EQ((*ring)->active_id(), key_id);
    deploy::SecretStore secrets(store_.get(), ring->get(), &clock_);
    EXPECT_EQ(secrets.Resolve(project_id_, "production", "db-password", 1).value_or(""),
              "hunter2-v1");
    EXPECT_EQ(secrets.Resolve(project_id_, "production", "db-password", 2).value_or(""),
              "hunter2-v2");
    EXPECT_EQ(secrets.Resolve(project_id_, "alpha", "api-key", 1).value_or(""), "alpha-key");
    auto history = secrets.History(project_id_, "production", "db-password");
    ASSERT_OK(history);
    ASSERT_EQ(history->size(), 2u);
    for (const auto& version : *history) EXPECT_EQ(version.key_id, key_id);
  }

  FakeClock clock_;
  ServerConfig config_;
  std::unique_ptr<store::Store> store_;
  std::string project_id_, first_key_;
};

TEST_P(KeyRotationTest, ReencryptsEveryVersionUnderANewKeyAndAudits) {
  auto rotation = RotateSecretKey(config_, "ops-alice", &clock_);
  ASSERT_OK(rotation);
  EXPECT_EQ(rotation->key_file, KeyFile());
  EXPECT_EQ(rotation->previous_key_id, first_key_);
  EXPECT_NE(rotation->new_key_id, first_key_);
  EXPECT_EQ(rotation->reencrypted, 3);
  EXPECT_EQ(rotation->older_keys, 1u);
  ExpectReadableUnder(rotation->new_key_id);

  audit::AuditLog audit(store_.get(), &clock_);
  auto events = audit.List({.subject = "secret_key:" + rotation->new_key_id});
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].action, "secret_key.rotate");
  EXPECT_EQ((*events)[0].actor, "system");
  EXPECT_EQ((*events)[0].summary["os_user"], "ops-alice");
  EXPECT_EQ((*events)[0].summary["reencrypted"], 3);
  EXPECT_THAT((*events)[0].summary.dump(), Not(HasSubstr("hunter2")));
}

TEST_P(KeyRotationTest, RotatingAgainKeepsEveryOlderKey) {
  ASSERT_OK(RotateSecretKey(config_, "ops", &clock_));
  auto second = RotateSecretKey(config_, "ops", &clock_);
  ASSERT_OK(second);
  EXPECT_EQ(second->reencrypted, 3);
  EXPECT_EQ(second->older_keys, 2u);
  ExpectReadableUnder(second->new_key_id);
  EXPECT_THAT(ReadWholeFile(KeyFile()).value_or(""), HasSubstr(first_key_ + ":"));
}

TEST_P(KeyRotationTest, AnEnvironmentKeyIsNotRotatedHere) {
  const std::string before = ReadWholeFile(KeyFile()).value_or("");
  setenv(deploy::kSecretKeyEnv, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", 1);
  auto rotation = RotateSecretKey(config_, "ops", &clock_);
  unsetenv(deploy::kSecretKeyEnv);
  EXPECT_CODE(rotation, kFailedPrecondition);
  EXPECT_THAT(std::string(rotation.status().message()), HasSubstr(deploy::kSecretKeyEnv));
  EXPECT_EQ(ReadWholeFile(KeyFile()).value_or(""), before);
  ExpectReadableUnder(first_key_);
}

TEST_P(KeyRotationTest, WithoutAKeyFileNothingHappens) {
  std::filesystem::remove(KeyFile());
  auto rotation = RotateSecretKey(config_, "ops", &clock_);
  EXPECT_CODE(rotation, kFailedPrecondition);
  EXPECT_FALSE(std::filesystem::exists(KeyFile()));
}

INSTANTIATE_TEST_SUITE_P(Engines, KeyRotationTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

TEST(KeyRotationSqliteTest, AMissingDatabaseIsNotCreated) {
  const std::string dir = TempDir();
  ASSERT_OK(deploy::EnsureKeyFile(dir + "/secret.keys"));
  ServerConfig config;
  config.data_dir = dir;
  config.store_url = "sqlite://" + dir + "/paved.db";
  auto rotation = RotateSecretKey(config, "ops");
  EXPECT_CODE(rotation, kFailedPrecondition);
  EXPECT_FALSE(std::filesystem::exists(dir + "/paved.db"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace paved::cli
