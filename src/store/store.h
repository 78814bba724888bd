#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "store/value.h"

namespace paved::store {

enum class Engine { kSqlite, kPostgres };

// A connection inside a transaction. SQL is written once for both engines with
// PostgreSQL-style numbered placeholders ($1, $2, ...); the SQLite engine binds them by name.
// Portable SQL only: no `::` casts (use CAST(x AS TEXT)), no engine-specific functions. Where
// the engines differ, the operations below say what is meant and store/ writes each engine's
// form; code outside store/ never branches on engine().
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Engine engine() const = 0;

  // Appended to a SELECT, locks the rows it returns until the transaction ends, so a
  // read-modify-write sees no concurrent change under READ COMMITTED: " FOR UPDATE" on
  // PostgreSQL, "" on SQLite (its write transaction already excludes every other writer).
  const char* ForUpdate() const;
  // Like ForUpdate(), but rows locked by another transaction are skipped instead of waited for
  // (" FOR UPDATE SKIP LOCKED" on PostgreSQL, "" on SQLite); for claiming queued work.
  const char* ForUpdateSkipLocked() const;
  // Holds the lock named `key` until the transaction ends: another transaction taking the same
  // key waits for this one to finish. PostgreSQL: a transaction-scoped advisory lock. SQLite:
  // returns OK at once (writers are serialised). Fails only when the database does.
  absl::Status LockKey(int64_t key);
  // Runs one statement. On success returns its rows (possibly none) and the affected count.
  // Constraint violations return absl::AlreadyExistsError (unique) or
  // absl::FailedPreconditionError (foreign key / check); other failures absl::InternalError /
  // absl::UnavailableError (connection lost).
  virtual absl::StatusOr<ResultSet> Query(std::string_view sql, const Params& params = {}) = 0;
};

// Notification from another process (PostgreSQL LISTEN/NOTIFY) or this one.
using NotifyCallback = std::function<void(const std::string& channel, const std::string& payload)>;

// The database. Thread-safe: connections are pooled inside.
class Store {
 public:
  virtual ~Store() = default;
  virtual Engine engine() const = 0;

  // Runs `fn` in one transaction: commits when it returns OK, rolls back otherwise (and when the
  // commit itself fails). SQLite takes the write lock up front (BEGIN IMMEDIATE) so concurrent
  // writers wait for busy_timeout instead of failing on lock upgrade.
  // On PostgreSQL a failed statement aborts the whole transaction: return its error rather than
  // carrying on (use INSERT ... ON CONFLICT instead of catching AlreadyExists); a commit after a
  // swallowed error returns absl::AbortedError. Isolation is READ COMMITTED on PostgreSQL: lock
  // rows you read-modify-write (append Tx::ForUpdate() to the SELECT).
  // Inside `fn`, use only the Tx: calling this Store from the same thread returns
  // absl::FailedPreconditionError instead of deadlocking.
  virtual absl::Status Transaction(absl::FunctionRef<absl::Status(Tx&)> fn) = 0;

  // One statement in its own implicit transaction; the fast path for reads.
  virtual absl::StatusOr<ResultSet> Query(std::string_view sql, const Params& params = {}) = 0;

  // OK when the database answers a trivial query.
  virtual absl::Status Ping() = 0;

  // Sends `payload` to every Listen()er of `channel`, in this process and (PostgreSQL) in every
  // other process on the same database. Delivery is best effort; readers must re-read state.
  virtual absl::Status Notify(const std::string& channel, const std::string& payload) = 0;
  // Registers `callback` for `channel`; called on a background thread. Never fails for SQLite.
  virtual absl::Status Listen(const std::string& channel, NotifyCallback callback) = 0;

  // True when other processes may use this database at the same time (PostgreSQL, shared by
  // replicas); false for SQLite, whose file one paved process serves. State cached in memory
  // must then be invalidated through Notify() when it changes.
  bool SharedByProcesses() const;

  // True when the migrations built trigram substring indexes (the `project_search` table, an
  // FTS5 trigram table on SQLite). False on PostgreSQL, where pg_trgm would need a superuser to
  // install: substring searches there scan with LIKE.
  bool HasTrigramIndexes() const;

  // Whether text comparison (<, >=, ORDER BY) follows byte order, so an index range between a
  // prefix and its byte-wise successor holds every value with that prefix. SQLite: always
  // (BINARY collation).
  // PostgreSQL: only when the database's collation is C/POSIX with the libc provider.
  // On failure returns the database's error.
  absl::StatusOr<bool> TextSortsBytewise();
};

// Opens "sqlite://PATH" (file created when missing; "sqlite://:memory:" for tests) or a
// PostgreSQL URL "postgres://user:pass@host:port/db" / "postgresql://...".
// Does not run migrations; see store/migrate.h.
absl::StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace paved::store
