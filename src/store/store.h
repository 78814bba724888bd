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
// Portable SQL only: no `::` casts (use CAST(x AS TEXT)), no engine-specific functions unless
// the caller branches on engine().
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Engine engine() const = 0;
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
  // rows you read-modify-write (SELECT ... FOR UPDATE when engine() is kPostgres).
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
};

// Opens "sqlite://PATH" (file created when missing; "sqlite://:memory:" for tests) or a
// PostgreSQL URL "postgres://user:pass@host:port/db" / "postgresql://...".
// Does not run migrations; see store/migrate.h.
absl::StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace paved::store
