#include "store/sqlite/sqlite_connection.h"

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace paved::store {
namespace {

constexpr int kBusyTimeoutMs = 5000;
constexpr size_t kMaxCachedStatements = 512;

absl::StatusCode CodeFor(int extended_rc) {
  switch (extended_rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return absl::StatusCode::kAlreadyExists;
    default:
      break;
  }
  switch (extended_rc & 0xff) {
    case SQLITE_CONSTRAINT:  // foreign key, check, not null, trigger RAISE(ABORT)
      return absl::StatusCode::kFailedPrecondition;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    // The disk is full or the file read-only: the client did nothing wrong and may retry once
    // space or write access returns (the transaction was rolled back whole).
    case SQLITE_FULL:
    case SQLITE_READONLY:
      return absl::StatusCode::kUnavailable;
    default:
      return absl::StatusCode::kInternal;
  }
}

Value ColumnValue(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
      return static_cast<int64_t>(sqlite3_column_int64(stmt, i));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, i);
    case SQLITE_NULL:
      return std::monostate{};
    default: {  // TEXT and BLOB
      const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, i));
      return std::string(data ? data : "", static_cast<size_t>(sqlite3_column_bytes(stmt, i)));
    }
  }
}

std::string Abbreviated(std::string_view sql) { return std::string(sql.substr(0, 120)); }

bool OnlySpaceOrSemicolons(std::string_view rest) {
  return rest.find_first_not_of(" \t\r\n;") == std::string_view::npos;
}

// Resets a statement when a query ends so it releases its read snapshot.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~ResetOnExit() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3_stmt* stmt_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    return absl::UnavailableError(absl::StrCat("sqlite open ", path, ": ", message));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
    char* error = nullptr;
    if (sqlite3_exec(db, pragma, nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      return absl::UnavailableError(absl::StrCat("sqlite ", pragma, ": ", message));
    }
  }
  return conn;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, prepared] : statements_) sqlite3_finalize(prepared.stmt);
  sqlite3_close_v2(db_);
}

absl::Status SqliteConnection::Error(int rc, std::string_view sql) const {
  int extended = sqlite3_extended_errcode(db_);
  if ((extended & 0xff) != (rc & 0xff)) extended = rc;
  return absl::Status(CodeFor(extended),
                      absl::StrCat("sqlite: ", sqlite3_errmsg(db_), " [", Abbreviated(sql), "]"));
}

absl::StatusOr<const SqliteConnection::Prepared*> SqliteConnection::Prepare(std::string_view sql) {
  if (auto it = statements_.find(sql); it != statements_.end()) return &it->second;
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) return Error(rc, sql);
  if (stmt == nullptr) return absl::InvalidArgumentError("sqlite: empty statement");
  if (!OnlySpaceOrSemicolons(std::string_view(tail, sql.data() + sql.size() - tail))) {
    sqlite3_finalize(stmt);
    return absl::InvalidArgumentError(
        absl::StrCat("sqlite: one statement per query [", Abbreviated(sql), "]"));
  }
  if (statements_.size() >= kMaxCachedStatements) {
    for (auto& [text, cached] : statements_) sqlite3_finalize(cached.stmt);
    statements_.clear();
  }
  Prepared prepared{.stmt = stmt};
  int count = sqlite3_bind_parameter_count(stmt);
  prepared.param_numbers.assign(count + 1, 0);
  for (int index = 1; index <= count; ++index) {
    const char* name = sqlite3_bind_parameter_name(stmt, index);
    size_t n = 0;
    if (name != nullptr && name[0] == '$' && absl::SimpleAtoi(name + 1, &n)) {
      prepared.param_numbers[index] = n;
    }
  }
  return &statements_.emplace(std::string(sql), std::move(prepared)).first->second;
}

absl::Status SqliteConnection::Bind(const Prepared& prepared, const Params& params) {
  sqlite3_stmt* stmt = prepared.stmt;
  int count = static_cast<int>(prepared.param_numbers.size()) - 1;
  for (int index = 1; index <= count; ++index) {
    size_t n = prepared.param_numbers[index];
    if (n == 0 || n > params.size()) {
      const char* name = sqlite3_bind_parameter_name(stmt, index);
      return absl::InvalidArgumentError(absl::StrCat("sqlite: placeholder ", name ? name : "?",
                                                     " has no parameter (", params.size(),
                                                     " given); use $1..$N"));
    }
    const Value& v = params[n - 1];
    int rc = SQLITE_OK;
    if (const auto* i = std::get_if<int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, index, *i);
    } else if (const auto* d = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(stmt, index, *d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else {
      rc = sqlite3_bind_null(stmt, index);
    }
    if (rc != SQLITE_OK) return Error(rc, sqlite3_sql(stmt));
  }
  return absl::OkStatus();
}

absl::StatusOr<ResultSet> SqliteConnection::Query(std::string_view sql, const Params& params) {
  auto prepared = Prepare(sql);
  if (!prepared.ok()) return prepared.status();
  sqlite3_stmt* stmt = (*prepared)->stmt;
  ResetOnExit reset(stmt);
  if (absl::Status bound = Bind(**prepared, params); !bound.ok()) return bound;
  ResultSet result;
  int ncols = sqlite3_column_count(stmt);
  result.columns.reserve(ncols);
  for (int i = 0; i < ncols; ++i) result.columns.emplace_back(sqlite3_column_name(stmt, i));
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::vector<Value> values;
    values.reserve(ncols);
    for (int i = 0; i < ncols; ++i) values.push_back(ColumnValue(stmt, i));
    result.rows.emplace_back(&result.columns, std::move(values));
  }
  if (rc != SQLITE_DONE) return Error(rc, sql);
  if (!sqlite3_stmt_readonly(stmt)) result.affected = sqlite3_changes64(db_);
  return result;
}

absl::StatusOr<bool> SqliteConnection::IsReadOnly(std::string_view sql) {
  auto prepared = Prepare(sql);
  if (!prepared.ok()) return prepared.status();
  return sqlite3_stmt_readonly((*prepared)->stmt) != 0;
}

absl::Status SqliteConnection::Exec(std::string_view sql) {
  auto result = Query(sql, {});
  return result.status();
}

}  // namespace paved::store
