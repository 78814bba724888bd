#pragma once

#include <sqlite3.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "store/value.h"

namespace paved::store {

// One SQLite connection with a cache of prepared statements keyed by SQL text.
// Not thread-safe: used by one thread at a time (the pool's lease holder).
class SqliteConnection {
 public:
  // Opens `path` (":memory:" for a private in-memory database) with WAL, busy_timeout 5 s,
  // foreign keys on and synchronous=NORMAL.
  static absl::StatusOr<std::unique_ptr<SqliteConnection>> Open(const std::string& path);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs one statement, binding params[i] to $i+1. Errors map as documented in store/store.h.
  absl::StatusOr<ResultSet> Query(std::string_view sql, const Params& params);
  // True when `sql` does not write (sqlite3_stmt_readonly). Prepares and caches it.
  absl::StatusOr<bool> IsReadOnly(std::string_view sql);
  // Runs a parameterless statement, e.g. BEGIN IMMEDIATE.
  absl::Status Exec(std::string_view sql);
  // The SQLite handle, for what the store sets up around the connection (its checkpoints).
  sqlite3* handle() { return db_; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  // A cached statement and, per placeholder index (1-based), the parameter number N of its
  // "$N" name (0 when the name is not of that form): sqlite3_bind_parameter_name scans every
  // placeholder, so looking names up on each bind is quadratic in the placeholder count.
  struct Prepared {
    sqlite3_stmt* stmt = nullptr;
    std::vector<size_t> param_numbers;
  };
  absl::StatusOr<const Prepared*> Prepare(std::string_view sql);
  absl::Status Bind(const Prepared& prepared, const Params& params);
  absl::Status Error(int rc, std::string_view sql) const;

  // Transparent so lookups by std::string_view don't allocate.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct SqlEq {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
  };

  sqlite3* db_;
  absl::flat_hash_map<std::string, Prepared, SqlHash, SqlEq> statements_;
};

}  // namespace paved::store
