#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "store/value.h"

namespace paved::store {

// One libpq connection. Not thread-safe: used by one thread at a time.
class PgConnection {
 public:
  // Connects with a libpq connection string or URI. Unavailable when the server cannot be
  // reached or refuses the login.
  static absl::StatusOr<std::unique_ptr<PgConnection>> Connect(const std::string& conninfo);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement with text parameters; int64 and double parameters are typed int8 and
  // float8, strings are left for the server to infer, NULL is NULL. Integer, boolean and
  // floating-point columns come back as int64 / double, everything else as text.
  // Errors: SQLSTATE 23505 -> AlreadyExists; 23503, 23514, 23502 and RAISE EXCEPTION (P0001) ->
  // FailedPrecondition; connection failures -> Unavailable (and broken() becomes true).
  absl::StatusOr<ResultSet> Query(std::string_view sql, const Params& params);
  // Like Query without parameters; also returns the command tag (e.g. "COMMIT", "ROLLBACK").
  absl::StatusOr<std::string> Exec(std::string_view sql);

  // True when the connection is lost and must be replaced.
  bool broken() const;
  // Reads whatever an idle connection received without blocking, so a connection the server
  // closed (restart, idle timeout, pg_terminate_backend) shows as broken() before it is used.
  void Probe();
  PGconn* raw() { return conn_; }

  // The pool's count of lost connections when this one was last known good (PgStore checks it
  // again with a round trip once another connection was lost since).
  int64_t checked_at_loss = 0;

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  absl::Status ResultError(const PGresult* result, std::string_view sql);

  PGconn* conn_;
};

// Maps a libpq error result (may be null) to a Status; exposed for the listener.
absl::Status PgError(PGconn* conn, const PGresult* result, std::string_view context);

}  // namespace paved::store
