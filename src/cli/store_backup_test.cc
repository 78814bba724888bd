#include "cli/store_backup.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <thread>

#include "absl/strings/str_format.h"
#include "audit/audit_log.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "cli/sealed_keys.h"
#include "core/atomic_file.h"
#include "core/files.h"
#include "deploy/secrets/key_ring.h"
#include "deploy/secrets/secret_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/backup.h"
#include "store/migrate.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::cli {
namespace {

using ::testing::HasSubstr;

constexpr char kPassphrase[] = "correct horse battery staple";

std::string TempDir() {
  char pattern[] = "/tmp/paved-backup-XXXXXX";
  return mkdtemp(pattern) != nullptr ? pattern : "";
}

std::string TeamSlug(int n) { return absl::StrFormat("team-%05d", n); }

// A server's data dir and store holding a project with two secret versions; the backups go to
// a directory of their own, restores into a fresh data dir and an empty database.
class StoreBackupTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    unsetenv(deploy::kSecretKeyEnv);
    source_.data_dir = TempDir();
    target_.data_dir = TempDir();
    backups_ = TempDir();
    ASSERT_FALSE(source_.data_dir.empty() || target_.data_dir.empty() || backups_.empty());
    auto url = test_support::NewDatabaseUrl(GetParam());
    ASSERT_OK(url);  // PostgreSQL must start: never skip
    source_.store_url = *url;
    if (GetParam() == store::Engine::kSqlite) {
      target_.store_url = "sqlite://" + target_.data_dir + "/paved.db";
    } else {
      auto target_url = test_support::NewDatabaseUrl(GetParam());
      ASSERT_OK(target_url);
      target_.store_url = *target_url;
    }
    auto opened = store::OpenStore(source_.store_url);
    ASSERT_OK(opened);
    store_ = std::move(*opened);
    ASSERT_OK(store::Migrate(*store_, store::AllMigrations()));
    ASSERT_OK(deploy::EnsureKeyFile(source_.data_dir + "/secret.keys"));
    auto ring = deploy::KeyRing::FromFile(source_.data_dir + "/secret.keys");
    ASSERT_OK(ring);
    ring_ = std::move(*ring);
    ASSERT_OK(CreateProject());
    deploy::SecretStore secrets(store_.get(), ring_.get(), &clock_);
    ASSERT_OK(secrets.Put(project_id_, "production", "db-password", "hunter2-v1", "kim", ""));
    ASSERT_OK(secrets.Put(project_id_, "production", "db-password", "hunter2-v2", "kim", ""));
  }
  void TearDown() override {
    for (const auto& dir : {source_.data_dir, target_.data_dir, backups_}) {
      std::filesystem::remove_all(dir);
    }
  }

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

  // Team n and its audit event, in one transaction: a consistent copy has both or neither.
  absl::Status CreateTeam(int n) {
    catalog::TeamStore teams(store_.get(), &clock_);
    audit::AuditLog audit(store_.get(), &clock_);
    return store_->Transaction([&](store::Tx& tx) -> absl::Status {
      catalog::Team team{.slug = TeamSlug(n), .name = "Load"};
      if (absl::Status s = teams.Create(tx, team); !s.ok()) return s;
      return audit.Append(tx, "loader", "team.create", "team:" + team.slug, {});
    });
  }

  std::string BackupPath(const std::string& name) const { return backups_ + "/" + name; }

  FakeClock clock_;
  ServerConfig source_, target_;
  std::string backups_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<deploy::KeyRing> ring_;
  std::string project_id_;
};

TEST_P(StoreBackupTest, ABackupTakenUnderLoadRestoresOneConsistentMoment) {
  std::atomic<int> created{0};
  std::atomic<bool> stop{false};
  absl::Status load_error;
  std::thread loader([&] {
    for (int n = 1; !stop.load(); ++n) {
      if (absl::Status s = CreateTeam(n); !s.ok()) {
        load_error = s;
        return;
      }
      created.store(n);
    }
  });
  while (created.load() < 50 && load_error.ok()) std::this_thread::yield();
  auto backup = BackUpStore(source_, BackupPath("under-load.paved"), /*with_keys=*/true,
                            kPassphrase, "ops-alice", &clock_);
  const int created_before_backup_ended = created.load();
  while (created.load() < created_before_backup_ended + 20 && load_error.ok()) {
    std::this_thread::yield();
  }
  stop = true;
  loader.join();
  ASSERT_OK(load_error);
  ASSERT_OK(backup);
  EXPECT_EQ(backup->engine, test_support::EngineName(GetParam()));
  EXPECT_GT(backup->bytes, 0);
  EXPECT_EQ(std::filesystem::status(backup->file).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  auto restored =
      RestoreStore(target_, backup->file, /*with_keys=*/true, kPassphrase, "ops-bob", &clock_);
  ASSERT_OK(restored);
  auto opened = store::OpenStore(target_.store_url);
  ASSERT_OK(opened);
  store::Store& copy = **opened;

  // The load teams in the copy are exactly team 1..k for one k: the state after some commit.
  auto rows = copy.Query("SELECT slug FROM teams WHERE slug LIKE 'team-%' ORDER BY slug");
  ASSERT_OK(rows);
  const int k = static_cast<int>(rows->rows.size());
  EXPECT_GE(k, 50);
  EXPECT_LT(k, created.load());
  for (int i = 0; i < k; ++i) EXPECT_EQ(rows->rows[i].Text("slug"), TeamSlug(i + 1));
  audit::AuditLog copied_audit(&copy, &clock_);
  auto loads = copy.Query(
      "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'team.create' "
      "AND actor = 'loader'");
  ASSERT_OK(loads);
  EXPECT_EQ(loads->front().Int("n"), k);

  // Secrets decrypt with the restored key file; the backup's own table is gone.
  auto ring = deploy::KeyRing::FromFile(target_.data_dir + "/secret.keys");
  ASSERT_OK(ring);
  EXPECT_EQ((*ring)->active_id(), ring_->active_id());
  EXPECT_EQ(std::filesystem::status(target_.data_dir + "/secret.keys").permissions() &
                std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  deploy::SecretStore secrets(&copy, ring->get(), &clock_);
  EXPECT_EQ(secrets.Resolve(project_id_, "production", "db-password", 2).value_or(""),
            "hunter2-v2");
  EXPECT_FALSE(copy.Query("SELECT name FROM paved_backup").ok());

  // Both ends are in the audit logs, and the keys' text is in neither.
  auto restore_events = copied_audit.List({.subject = "store"});
  ASSERT_OK(restore_events);
  ASSERT_EQ(restore_events->size(), 1u);
  EXPECT_EQ((*restore_events)[0].action, "store.restore");
  EXPECT_EQ((*restore_events)[0].summary["os_user"], "ops-bob");
  audit::AuditLog source_audit(store_.get(), &clock_);
  auto backup_events = source_audit.List({.subject = "store"});
  ASSERT_OK(backup_events);
  ASSERT_EQ(backup_events->size(), 1u);
  EXPECT_EQ((*backup_events)[0].action, "store.backup");
  EXPECT_EQ((*backup_events)[0].summary["with_keys"], true);

  // Restoring again into the now full store is refused and changes nothing.
  std::filesystem::remove(target_.data_dir + "/secret.keys");
  auto again = RestoreStore(target_, backup->file, /*with_keys=*/false, "", "ops", &clock_);
  EXPECT_CODE(again, kFailedPrecondition);
  auto count = copy.Query("SELECT COUNT(*) AS n FROM teams WHERE slug LIKE 'team-%'");
  ASSERT_OK(count);
  EXPECT_EQ(count->front().Int("n"), k);
}

TEST_P(StoreBackupTest, AWrongPassphraseRestoresNothing) {
  auto backup = BackUpStore(source_, BackupPath("keys.paved"), true, kPassphrase, "ops", &clock_);
  ASSERT_OK(backup);
  auto restored = RestoreStore(target_, backup->file, true, "not the passphrase", "ops", &clock_);
  EXPECT_CODE(restored, kPermissionDenied);
  EXPECT_FALSE(std::filesystem::exists(target_.data_dir + "/secret.keys"));
  EXPECT_FALSE(std::filesystem::exists(target_.data_dir + "/paved.db"));
  auto opened = store::OpenStore(target_.store_url);
  ASSERT_OK(opened);
  EXPECT_FALSE((*opened)->Query("SELECT id FROM teams").ok()) << "the target stayed empty";
}

TEST_P(StoreBackupTest, KeysAreInABackupOnlyWhenAsked) {
  auto backup = BackUpStore(source_, BackupPath("no-keys.paved"), false, "", "ops", &clock_);
  ASSERT_OK(backup);
  auto info = store::ReadBackupInfo(backup->file);
  ASSERT_OK(info);
  EXPECT_TRUE(info->extras.empty());
  auto file = ReadWholeFile(backup->file);
  ASSERT_TRUE(file.has_value());
  for (const auto& id : ring_->ids()) EXPECT_THAT(*file, ::testing::Not(HasSubstr(id + ":")));
  auto restored = RestoreStore(target_, backup->file, true, kPassphrase, "ops", &clock_);
  EXPECT_CODE(restored, kFailedPrecondition);
  EXPECT_THAT(std::string(restored.status().message()), HasSubstr("without --with-keys"));

  // A short passphrase is refused before anything is written.
  auto weak = BackUpStore(source_, BackupPath("weak.paved"), true, "short", "ops", &clock_);
  EXPECT_CODE(weak, kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(BackupPath("weak.paved")));
}

TEST_P(StoreBackupTest, AnExistingFileIsNeverOverwritten) {
  ASSERT_OK(WriteFileAtomically(BackupPath("taken"), "precious"));
  auto backup = BackUpStore(source_, BackupPath("taken"), false, "", "ops", &clock_);
  EXPECT_CODE(backup, kAlreadyExists);
  EXPECT_EQ(ReadWholeFile(BackupPath("taken")).value_or(""), "precious");
  // ... and a file that is not a backup restores nothing.
  auto restored = RestoreStore(target_, BackupPath("taken"), false, "", "ops", &clock_);
  EXPECT_FALSE(restored.ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreBackupTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

TEST(StoreBackupEnginesTest, ASqliteBackupDoesNotRestoreIntoPostgres) {
  auto sqlite_url = test_support::NewDatabaseUrl(store::Engine::kSqlite);
  ASSERT_OK(sqlite_url);
  auto opened = store::OpenStore(*sqlite_url);
  ASSERT_OK(opened);
  ASSERT_OK(store::Migrate(**opened, store::AllMigrations()));
  const std::string dir = TempDir();
  auto info = store::WriteBackup(*sqlite_url, dir + "/b.paved", "2026-12-08T00:00:00.000Z");
  ASSERT_OK(info);
  auto pg_url = test_support::NewDatabaseUrl(store::Engine::kPostgres);
  ASSERT_OK(pg_url);
  absl::Status s = store::RestoreBackup(dir + "/b.paved", *pg_url);
  EXPECT_CODE(s, kFailedPrecondition);
  EXPECT_THAT(std::string(s.message()), HasSubstr("restores into sqlite only"));
  std::filesystem::remove_all(dir);
}

TEST(StoreUrlTest, PrintedStoreUrlsHaveNoPassword) {
  EXPECT_EQ(WithoutPassword("postgres://paved:s3cr%40t@db:5432/paved?pool=4"),
            "postgres://paved:***@db:5432/paved?pool=4");
  EXPECT_EQ(WithoutPassword("postgres://paved@db:5432/paved"), "postgres://paved@db:5432/paved");
  EXPECT_EQ(WithoutPassword("sqlite:///var/lib/paved/paved.db"),
            "sqlite:///var/lib/paved/paved.db");
}

TEST(SealedKeysTest, OpensOnlyWithItsPassphraseAndUnchanged) {
  auto sealed = SealKeyFile("k1:AAAA\n", kPassphrase);
  ASSERT_OK(sealed);
  EXPECT_THAT(*sealed, ::testing::Not(HasSubstr("AAAA")));
  EXPECT_EQ(OpenSealedKeyFile(*sealed, kPassphrase).value_or(""), "k1:AAAA\n");
  EXPECT_CODE(OpenSealedKeyFile(*sealed, "another passphrase"), kPermissionDenied);
  auto doc = nlohmann::json::parse(*sealed);
  std::string tampered = doc["sealed"].get<std::string>();
  tampered[0] = tampered[0] == 'A' ? 'B' : 'A';
  doc["sealed"] = tampered;
  EXPECT_CODE(OpenSealedKeyFile(doc.dump(), kPassphrase), kPermissionDenied);
  EXPECT_CODE(OpenSealedKeyFile("{\"kdf\":\"none\"}", kPassphrase), kInvalidArgument);
  doc["memlimit"] = uint64_t{1} << 40;  // a crafted file must not ask for a terabyte
  EXPECT_CODE(OpenSealedKeyFile(doc.dump(), kPassphrase), kInvalidArgument);
}

}  // namespace
}  // namespace paved::cli
