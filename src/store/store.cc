#include "store/store.h"

#include <string>

#include "core/status_macros.h"

namespace paved::store {

const char* Tx::ForUpdate() const { return engine() == Engine::kPostgres ? " FOR UPDATE" : ""; }

const char* Tx::ForUpdateSkipLocked() const {
  return engine() == Engine::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
}

absl::Status Tx::LockKey(int64_t key) {
  if (engine() != Engine::kPostgres) return absl::OkStatus();
  return Query("SELECT pg_advisory_xact_lock($1)", {key}).status();
}

bool Store::SharedByProcesses() const { return engine() == Engine::kPostgres; }

bool Store::HasTrigramIndexes() const { return engine() == Engine::kSqlite; }

absl::StatusOr<bool> Store::TextSortsBytewise() {
  if (engine() != Engine::kPostgres) return true;  // SQLite's BINARY collation
  // datlocprovider ('c' libc, 'i' ICU) exists from PostgreSQL 15 on; to_jsonb reads it or null.
  ASSIGN_OR_RETURN(auto rs, Query("SELECT datcollate, to_jsonb(d) ->> 'datlocprovider' "
                                  "AS provider FROM pg_database d "
                                  "WHERE datname = current_database()"));
  if (rs.empty()) return absl::InternalError("current database not in pg_database");
  std::string collation = rs.front().Text("datcollate");
  std::string provider = rs.front().IsNull("provider") ? "c" : rs.front().Text("provider");
  return provider == "c" &&
         (collation == "C" || collation == "POSIX" || collation.rfind("C.", 0) == 0);
}

}  // namespace paved::store
