#include "store/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "store/postgres/pg_tools.h"
#include "store/store.h"

namespace paved::store {
namespace {

namespace fs = std::filesystem;

constexpr char kSqlitePrefix[] = "sqlite://";
constexpr size_t kChunkBytes = 16 << 20;  // a PostgreSQL archive is kept in rows of this size
constexpr int kBusyTimeoutMs = 5000;
constexpr int kBackupStepRetries = 200;  // 50 ms apart: the server's writer holds its lock briefly

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

// A database file written beside its final name and renamed when whole, so a failure leaves
// nothing that looks complete; removed (with its journal) unless renamed. Mode 0600 from the
// first byte: it holds every team's data.
class PartialFile {
 public:
  explicit PartialFile(std::string path) : path_(std::move(path)) {}
  ~PartialFile() {
    if (path_.empty()) return;
    std::error_code ignored;
    fs::remove(path_, ignored);
    fs::remove(path_ + "-journal", ignored);
  }
  PartialFile(const PartialFile&) = delete;
  PartialFile& operator=(const PartialFile&) = delete;

  absl::Status Create() {
    std::error_code ignored;
    fs::remove(path_, ignored);  // left by a crashed run
    int fd = open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      return absl::UnavailableError(absl::StrCat("cannot create ", path_, ": ", strerror(errno)));
    }
    close(fd);
    return absl::OkStatus();
  }
  const std::string& path() const { return path_; }
  absl::Status RenameTo(const std::string& final_path) {
    std::error_code ec;
    fs::rename(path_, final_path, ec);
    if (ec) {
      return absl::UnavailableError(absl::StrCat("rename to ", final_path, ": ", ec.message()));
    }
    path_.clear();
    return absl::OkStatus();
  }

 private:
  std::string path_;
};

bool IsSqlite(const std::string& url) { return absl::StartsWith(url, kSqlitePrefix); }
bool IsPostgres(const std::string& url) {
  return absl::StartsWith(url, "postgres://") || absl::StartsWith(url, "postgresql://");
}
std::string SqlitePath(const std::string& url) { return url.substr(sizeof(kSqlitePrefix) - 1); }

absl::Status DbError(sqlite3* db, const std::string& what) {
  return absl::UnavailableError(absl::StrCat(what, ": ", sqlite3_errmsg(db)));
}

absl::StatusOr<Db> OpenDb(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    return absl::UnavailableError(absl::StrCat(
        "cannot open ", path, ": ", raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  return db;
}

absl::Status Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) == SQLITE_OK) return absl::OkStatus();
  std::string message = error != nullptr ? error : sqlite3_errmsg(db);
  sqlite3_free(error);
  return absl::UnavailableError(absl::StrCat(sql, ": ", message));
}

// Copies database `from` into `to` page by page in one read snapshot of `from` (SQLite's online
// backup API): writers of `from` wait at most for a retry, never see an error.
absl::Status CopyDatabase(sqlite3* from, sqlite3* to) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) return DbError(to, "backup");
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < kBackupStepRetries; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return absl::UnavailableError(absl::StrCat("backup: ", sqlite3_errstr(rc)));
  }
  return absl::OkStatus();
}

absl::Status CheckIntegrity(sqlite3* db, const std::string& path) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) != SQLITE_OK) {
    return DbError(db, "integrity_check");
  }
  std::string verdict;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    verdict = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  if (verdict != "ok") {
    return absl::DataLossError(absl::StrCat(path, " fails PRAGMA integrity_check: ", verdict));
  }
  return absl::OkStatus();
}

// One row of a name (text) and a value (blob).
absl::Status Insert(sqlite3* db, const std::string& sql, const std::string& name,
                    const std::string& value) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    return DbError(db, "prepare");
  }
  sqlite3_bind_text64(stmt, 1, name.data(), name.size(), SQLITE_STATIC, SQLITE_UTF8);
  sqlite3_bind_blob64(stmt, 2, value.data(), value.size(), SQLITE_STATIC);
  int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return DbError(db, "insert");
  return absl::OkStatus();
}

// Adds what the file says of itself, turns it into one self-contained file (no WAL) and checks
// it.
absl::Status WriteInfo(const std::string& path, const std::string& engine,
                       const std::string& created_at,
                       const std::map<std::string, std::string>& extras) {
  ASSIGN_OR_RETURN(Db db, OpenDb(path, SQLITE_OPEN_READWRITE));
  RETURN_IF_ERROR(Exec(db.get(), "PRAGMA journal_mode=DELETE"));
  RETURN_IF_ERROR(Exec(db.get(), "BEGIN"));
  RETURN_IF_ERROR(
      Exec(db.get(), "CREATE TABLE paved_backup (name TEXT PRIMARY KEY, value BLOB NOT NULL)"));
  std::map<std::string, std::string> values = extras;
  values["engine"] = engine;
  values["created_at"] = created_at;
  for (const auto& [name, value] : values) {
    RETURN_IF_ERROR(
        Insert(db.get(), "INSERT INTO paved_backup (name, value) VALUES (?1, ?2)", name, value));
  }
  RETURN_IF_ERROR(Exec(db.get(), "COMMIT"));
  return CheckIntegrity(db.get(), path);
}

absl::Status BackUpSqlite(const std::string& db_path, const std::string& out) {
  if (!fs::exists(db_path)) return absl::NotFoundError(absl::StrCat("no database at ", db_path));
  // Read-write without create: reading a WAL database may need to write its -shm index.
  ASSIGN_OR_RETURN(Db from, OpenDb(db_path, SQLITE_OPEN_READWRITE));
  ASSIGN_OR_RETURN(Db to, OpenDb(out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  return CopyDatabase(from.get(), to.get());
}

absl::Status BackUpPostgres(const std::string& url, const std::string& out) {
  std::string dump = out + ".dump";
  absl::Cleanup remove_dump = [&] {
    std::error_code ignored;
    fs::remove(dump, ignored);
  };
  RETURN_IF_ERROR(PgDump(url, dump));
  ASSIGN_OR_RETURN(Db db, OpenDb(out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  RETURN_IF_ERROR(Exec(db.get(), "BEGIN"));
  RETURN_IF_ERROR(Exec(db.get(),
                       "CREATE TABLE paved_backup_chunks (seq INTEGER PRIMARY KEY, "
                       "data BLOB NOT NULL)"));
  std::ifstream in(dump, std::ios::binary);
  std::string chunk(kChunkBytes, '\0');
  for (int64_t seq = 0; in; ++seq) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    auto got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    RETURN_IF_ERROR(Insert(db.get(), "INSERT INTO paved_backup_chunks (seq, data) VALUES (?1, ?2)",
                           std::to_string(seq), chunk.substr(0, got)));
  }
  if (in.bad()) return absl::DataLossError(absl::StrCat("cannot read ", dump));
  return Exec(db.get(), "COMMIT");
}

absl::StatusOr<std::map<std::string, std::string>> ReadValues(sqlite3* db,
                                                              const std::string& path) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT name, value FROM paved_backup", -1, &stmt, nullptr) !=
      SQLITE_OK) {
    return absl::InvalidArgumentError(absl::StrCat(path, " is not a Paved backup"));
  }
  std::map<std::string, std::string> values;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    auto text = [&](int col) {
      const void* data = sqlite3_column_blob(stmt, col);
      return std::string(static_cast<const char*>(data),
                         static_cast<size_t>(sqlite3_column_bytes(stmt, col)));
    };
    values[text(0)] = text(1);
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return DbError(db, "read " + path);
  return values;
}

absl::Status RestoreSqlite(sqlite3* backup, const std::string& db_path) {
  if (fs::exists(db_path)) {
    return absl::FailedPreconditionError(
        absl::StrCat(db_path, " already exists: restore into an empty data directory"));
  }
  fs::path target(db_path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path());
  PartialFile partial(db_path + ".restoring");
  RETURN_IF_ERROR(partial.Create());
  {
    ASSIGN_OR_RETURN(Db to, OpenDb(partial.path(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    RETURN_IF_ERROR(CopyDatabase(backup, to.get()));
    RETURN_IF_ERROR(Exec(to.get(), "DROP TABLE paved_backup"));
    RETURN_IF_ERROR(CheckIntegrity(to.get(), partial.path()));
  }
  return partial.RenameTo(db_path);
}

absl::Status CheckEmptyPostgres(const std::string& url) {
  ASSIGN_OR_RETURN(std::unique_ptr<Store> target, OpenStore(url));
  ASSIGN_OR_RETURN(ResultSet rows,
                   target->Query("SELECT COUNT(*) AS n FROM information_schema.tables "
                                 "WHERE table_schema = current_schema()"));
  if (rows.empty() || rows.front().Int("n") != 0) {
    return absl::FailedPreconditionError(
        "the database already has tables: restore into an empty database");
  }
  return absl::OkStatus();
}

absl::Status RestorePostgres(sqlite3* backup, const std::string& path, const std::string& url) {
  RETURN_IF_ERROR(CheckEmptyPostgres(url));
  std::string dump = fs::temp_directory_path() / ("paved-restore-" + std::to_string(getpid()));
  absl::Cleanup remove_dump = [&] {
    std::error_code ignored;
    fs::remove(dump, ignored);
  };
  {
    std::ofstream out(dump, std::ios::binary | std::ios::trunc);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(backup, "SELECT data FROM paved_backup_chunks ORDER BY seq", -1, &stmt,
                           nullptr) != SQLITE_OK) {
      return absl::InvalidArgumentError(absl::StrCat(path, " holds no PostgreSQL archive"));
    }
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      out.write(static_cast<const char*>(sqlite3_column_blob(stmt, 0)),
                sqlite3_column_bytes(stmt, 0));
    }
    sqlite3_finalize(stmt);
    if (!out.flush()) return absl::UnavailableError(absl::StrCat("cannot write ", dump));
  }
  return PgRestore(dump, url);
}

}  // namespace

absl::StatusOr<BackupInfo> WriteBackup(const std::string& store_url, const std::string& path,
                                       const std::string& created_at,
                                       const std::map<std::string, std::string>& extras) {
  if (fs::exists(path)) return absl::AlreadyExistsError(absl::StrCat(path, " already exists"));
  PartialFile partial(path + ".partial");
  RETURN_IF_ERROR(partial.Create());
  BackupInfo info{.created_at = created_at, .extras = extras};
  if (IsSqlite(store_url)) {
    info.engine = "sqlite";
    RETURN_IF_ERROR(BackUpSqlite(SqlitePath(store_url), partial.path()));
  } else if (IsPostgres(store_url)) {
    info.engine = "postgres";
    RETURN_IF_ERROR(BackUpPostgres(store_url, partial.path()));
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("store url must start with sqlite:// or postgres://, got '", store_url, "'"));
  }
  RETURN_IF_ERROR(WriteInfo(partial.path(), info.engine, created_at, extras));
  RETURN_IF_ERROR(partial.RenameTo(path));
  info.bytes = static_cast<int64_t>(fs::file_size(path));
  return info;
}

absl::StatusOr<BackupInfo> ReadBackupInfo(const std::string& path) {
  if (!fs::is_regular_file(path)) return absl::NotFoundError(absl::StrCat("no file at ", path));
  ASSIGN_OR_RETURN(Db db, OpenDb(path, SQLITE_OPEN_READONLY));
  ASSIGN_OR_RETURN(auto values, ReadValues(db.get(), path));
  BackupInfo info;
  info.engine = values["engine"];
  info.created_at = values["created_at"];
  info.bytes = static_cast<int64_t>(fs::file_size(path));
  if (info.engine != "sqlite" && info.engine != "postgres") {
    return absl::InvalidArgumentError(absl::StrCat(path, " is not a Paved backup"));
  }
  values.erase("engine");
  values.erase("created_at");
  info.extras = std::move(values);
  return info;
}

absl::Status RestoreBackup(const std::string& path, const std::string& store_url) {
  ASSIGN_OR_RETURN(BackupInfo info, ReadBackupInfo(path));
  std::string target = IsSqlite(store_url) ? "sqlite" : IsPostgres(store_url) ? "postgres" : "";
  if (target.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("store url must start with sqlite:// or postgres://, got '", store_url, "'"));
  }
  if (target != info.engine) {
    return absl::FailedPreconditionError(absl::StrCat(
        "this is a backup of a ", info.engine, " store; it restores into ", info.engine, " only"));
  }
  ASSIGN_OR_RETURN(Db backup, OpenDb(path, SQLITE_OPEN_READONLY));
  RETURN_IF_ERROR(CheckIntegrity(backup.get(), path));
  if (target == "sqlite") return RestoreSqlite(backup.get(), SqlitePath(store_url));
  return RestorePostgres(backup.get(), path, store_url);
}

}  // namespace paved::store
