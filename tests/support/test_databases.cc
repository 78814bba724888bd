#include "tests/support/test_databases.h"

#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "tests/support/postgres_server.h"

namespace paved::test_support {
namespace {

std::atomic<int> counter{0};

// Holds the SQLite files of this process; removed at exit.
class SqliteDir {
 public:
  SqliteDir() {
    std::string templ = "/tmp/paved-sqlite-XXXXXX";
    if (mkdtemp(templ.data()) != nullptr) path_ = templ;
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

}  // namespace paved::test_support
