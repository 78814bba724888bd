#include "tests/support/test_databases.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "store/migrate.h"
#include "tests/support/postgres_server.h"

namespace paved::test_support {
namespace {

std::atomic<int> counter{0};

constexpr char kSqlitePrefix[] = "paved-sqlite-";

// Removes directories left by test processes that died before their cleanup ran.
void RemoveAbandonedDirs() {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/tmp", ec)) {
    if (!absl::StartsWith(entry.path().filename().string(), kSqlitePrefix)) continue;
    std::ifstream owner(entry.path() / "owner.pid");
    pid_t pid = 0;
    if (!(owner >> pid) || pid <= 0 || kill(pid, 0) == 0 || errno != ESRCH) continue;
    std::filesystem::remove_all(entry.path(), ec);
  }
}

// Holds the SQLite files of this process; removed at exit.
class SqliteDir {
 public:
  SqliteDir() {
    RemoveAbandonedDirs();
    std::string templ = absl::StrCat("/tmp/", kSqlitePrefix, "XXXXXX");
    if (mkdtemp(templ.data()) == nullptr) return;
    path_ = templ;
    std::ofstream(path_ + "/owner.pid") << getpid() << "\n";
  }
  ~SqliteDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

absl::StatusOr<std::string> NewDatabaseUrl(store::Engine engine) {
  int n = ++counter;
  if (engine == store::Engine::kSqlite) {
    static SqliteDir dir;
    if (dir.path().empty()) return absl::InternalError("could not create a temp directory");
    return absl::StrCat("sqlite://", dir.path(), "/test", n, ".db");
  }
  auto server = PostgresServer::Shared();
  if (!server.ok()) return server.status();
  return (*server)->CreateDatabase(absl::StrCat("t", getpid(), "_", n));
}

std::string EngineName(store::Engine engine) {
  return engine == store::Engine::kSqlite ? "sqlite" : "postgres";
}

absl::StatusOr<std::unique_ptr<store::Store>> NewMigratedStore(store::Engine engine) {
  absl::StatusOr<std::string> url = NewDatabaseUrl(engine);
  if (!url.ok()) return url.status();
  absl::StatusOr<std::unique_ptr<store::Store>> opened = store::OpenStore(*url);
  if (!opened.ok()) return opened.status();
  absl::Status migrated = store::Migrate(**opened, store::AllMigrations());
  if (!migrated.ok()) return migrated;
  return std::move(*opened);
}

}  // namespace paved::test_support
