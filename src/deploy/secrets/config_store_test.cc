#include "deploy/secrets/config_store.h"

#include "deploy/secrets/secret_store.h"
#include "deploy/secrets/testing/secrets_test_fixture.h"

namespace paved::deploy {
namespace {

using testing::EngineParamName;
using testing::SecretsFixture;

class ConfigStoreTest : public SecretsFixture {
 protected:
  ConfigStore& configs() {
    if (!configs_) configs_ = std::make_unique<ConfigStore>(store_.get(), &clock_);
    return *configs_;
  }
  std::unique_ptr<ConfigStore> configs_;
};

TEST_P(ConfigStoreTest, VersionsIncreaseAndOldVersionsNeverChange) {
  ConfigData v1{.data = {{"LOG_LEVEL", "info"}, {"REGION", "kr"}},
                .files = {{"app.yaml", "a: 1\n"}}};
  auto first = configs().Put(project_id_, "alpha", "app-config", v1, "alice", "initial");
  ASSERT_OK(first);
  EXPECT_EQ(first->version, 1);
  EXPECT_EQ(first->changes.added,
            (std::vector<std::string>{"LOG_LEVEL", "REGION", "files/app.yaml"}));
  clock_.AdvanceMs(1000);
  ConfigData v2{.data = {{"LOG_LEVEL", "debug"}, {"NEW", "x"}}, .files = {{"app.yaml", "a: 1\n"}}};
  auto second = configs().Put(project_id_, "alpha", "app-config", v2, "bob", "debugging");
  ASSERT_OK(second);
  EXPECT_EQ(second->version, 2);
  EXPECT_EQ(second->changes.added, std::vector<std::string>{"NEW"});
  EXPECT_EQ(second->changes.removed, std::vector<std::string>{"REGION"});
  EXPECT_EQ(second->changes.changed, std::vector<std::string>{"LOG_LEVEL"});

  auto old = configs().Get(project_id_, "alpha", "app-config", 1);
  ASSERT_OK(old);
  EXPECT_EQ(old->content.data, v1.data);
  EXPECT_EQ(old->content.files, v1.files);
  EXPECT_EQ(old->author, "alice");
  auto latest = configs().Get(project_id_, "alpha", "app-config");
  ASSERT_OK(latest);
  EXPECT_EQ(latest->version, 2);
  EXPECT_EQ(latest->content.data.at("LOG_LEVEL"), "debug");
  EXPECT_EQ(latest->created_at_ms, old->created_at_ms + 1000);
  EXPECT_CODE(configs().Get(project_id_, "alpha", "app-config", 3), kNotFound);
  EXPECT_CODE(configs().Get(project_id_, "production", "app-config"), kNotFound);

  // Another environment and another set count their own versions.
  auto prod = configs().Put(project_id_, "production", "app-config", v1, "alice", "");
  ASSERT_OK(prod);
  EXPECT_EQ(prod->version, 1);
}

TEST_P(ConfigStoreTest, HistoryAndDiffNameTheChangedKeys) {
  ASSERT_OK(
      configs().Put(project_id_, "alpha", "s", {.data = {{"A", "1"}, {"B", "2"}}}, "a", "one"));
  ASSERT_OK(
      configs().Put(project_id_, "alpha", "s", {.data = {{"A", "1"}, {"B", "3"}}}, "b", "two"));
  ASSERT_OK(configs().Put(project_id_, "alpha", "s",
                          {.data = {{"B", "3"}}, .files = {{"f.txt", "hi"}}}, "c", "three"));
  auto history = configs().History(project_id_, "alpha", "s");
  ASSERT_OK(history);
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].version, 3);
  EXPECT_EQ((*history)[0].author, "c");
  EXPECT_EQ((*history)[0].message, "three");
  EXPECT_EQ((*history)[0].changes.removed, std::vector<std::string>{"A"});
  EXPECT_EQ((*history)[0].changes.added, std::vector<std::string>{"files/f.txt"});
  EXPECT_EQ((*history)[1].changes.changed, std::vector<std::string>{"B"});

  auto diff = configs().Diff(project_id_, "alpha", "s", 1, 3);
  ASSERT_OK(diff);
  ASSERT_EQ(diff->size(), 3u);
  EXPECT_EQ((*diff)[0].key, "A");
  EXPECT_EQ((*diff)[0].change, "removed");
  EXPECT_EQ((*diff)[0].from, "1");
  EXPECT_FALSE((*diff)[0].to.has_value());
  EXPECT_EQ((*diff)[1].key, "B");
  EXPECT_EQ((*diff)[1].change, "changed");
  EXPECT_EQ((*diff)[1].to, "3");
  EXPECT_EQ((*diff)[2].key, "files/f.txt");
  EXPECT_EQ((*diff)[2].change, "added");
  EXPECT_CODE(configs().Diff(project_id_, "alpha", "s", 1, 9), kNotFound);

  auto sets = configs().Sets(project_id_, "alpha");
  ASSERT_OK(sets);
  ASSERT_EQ(sets->size(), 1u);
  EXPECT_EQ((*sets)[0].set, "s");
  EXPECT_EQ((*sets)[0].version, 3);
  EXPECT_EQ((*sets)[0].author, "c");
}

TEST_P(ConfigStoreTest, SecretsAreEncryptedVersionedAndBoundToTheirRow) {
  SecretStore secrets(store_.get(), &keys_, &clock_);
  auto v1 = secrets.Put(project_id_, "alpha", "db-password", "first-s3cret", "alice", "");
  auto v2 = secrets.Put(project_id_, "alpha", "db-password", "second-s3cret", "bob", "rotate");
  ASSERT_OK(v1);
  ASSERT_OK(v2);
  EXPECT_EQ(v1->version, 1);
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->key_id, "k1");
  auto r1 = secrets.Resolve(project_id_, "alpha", "db-password", 1);
  auto r2 = secrets.Resolve(project_id_, "alpha", "db-password", 2);
  ASSERT_OK(r1);
  ASSERT_OK(r2);
  EXPECT_EQ(*r1, "first-s3cret");
  EXPECT_EQ(*r2, "second-s3cret");
  EXPECT_CODE(secrets.Resolve(project_id_, "alpha", "db-password", 3), kNotFound);

  auto history = secrets.History(project_id_, "alpha", "db-password");
  ASSERT_OK(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].author, "bob");
  EXPECT_EQ((*history)[0].message, "rotate");

  // Moving version 1's ciphertext onto version 2's row fails authentication.
  ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
    auto rs = tx.Query(
        "SELECT nonce, ciphertext FROM secret_versions WHERE name = 'db-password' AND version = 1");
    if (!rs.ok()) return rs.status();
    return tx
        .Query("UPDATE secret_versions SET nonce = $1, ciphertext = $2 WHERE version = 2",
               {rs->front().Text("nonce"), rs->front().Text("ciphertext")})
        .status();
  }));
  EXPECT_CODE(secrets.Resolve(project_id_, "alpha", "db-password", 2), kPermissionDenied);
}

TEST_P(ConfigStoreTest, RotateKeyReencryptsEverySecretKeepingVersions) {
  SecretStore secrets(store_.get(), &keys_, &clock_);
  ASSERT_OK(secrets.Put(project_id_, "alpha", "a", "value-a1", "alice", ""));
  ASSERT_OK(secrets.Put(project_id_, "alpha", "a", "value-a2", "alice", ""));
  ASSERT_OK(secrets.Put(project_id_, "production", "b", "value-b1", "bob", ""));
  std::string new_key(32, '\x22');
  ASSERT_OK(keys_.Add("k2", new_key));
  EXPECT_CODE(secrets.RotateKey("nope"), kNotFound);
  auto rotated = secrets.RotateKey("k2");
  ASSERT_OK(rotated);
  EXPECT_EQ(*rotated, 3);
  EXPECT_EQ(keys_.active_id(), "k2");
  auto rs = store_->Query("SELECT COUNT(*) AS n FROM secret_versions WHERE key_id = 'k2'");
  ASSERT_OK(rs);
  EXPECT_EQ(rs->front().Int("n"), 3);

  // A ring without the old key reads everything.
  KeyRing only_new;
  ASSERT_OK(only_new.Add("k2", new_key));
  SecretStore after(store_.get(), &only_new, &clock_);
  auto a1 = after.Resolve(project_id_, "alpha", "a", 1);
  auto a2 = after.Resolve(project_id_, "alpha", "a", 2);
  auto b1 = after.Resolve(project_id_, "production", "b", 1);
  ASSERT_OK(a1);
  ASSERT_OK(a2);
  ASSERT_OK(b1);
  EXPECT_EQ(*a1, "value-a1");
  EXPECT_EQ(*a2, "value-a2");
  EXPECT_EQ(*b1, "value-b1");
  auto history = after.History(project_id_, "alpha", "a");
  ASSERT_OK(history);
  EXPECT_EQ(history->size(), 2u);

  // A failing rotation (a key it cannot decrypt with) changes nothing.
  KeyRing broken;
  ASSERT_OK(broken.Add("k3", std::string(32, '\x33')));
  SecretStore cannot(store_.get(), &broken, &clock_);
  EXPECT_CODE(cannot.RotateKey("k3"), kNotFound);
  auto still = store_->Query("SELECT COUNT(*) AS n FROM secret_versions WHERE key_id = 'k2'");
  ASSERT_OK(still);
  EXPECT_EQ(still->front().Int("n"), 3);
}

TEST_P(ConfigStoreTest, DeletingTheProjectDeletesItsVersions) {
  SecretStore secrets(store_.get(), &keys_, &clock_);
  ASSERT_OK(configs().Put(project_id_, "alpha", "s", {.data = {{"A", "1"}}}, "a", ""));
  ASSERT_OK(secrets.Put(project_id_, "alpha", "x", "v", "a", ""));
  ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
    return tx.Query("DELETE FROM projects WHERE id = $1", {project_id_}).status();
  }));
  for (const char* table : {"config_versions", "secret_versions"}) {
    auto rs = store_->Query(std::string("SELECT COUNT(*) AS n FROM ") + table);
    ASSERT_OK(rs);
    EXPECT_EQ(rs->front().Int("n"), 0) << table;
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, ConfigStoreTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::deploy
