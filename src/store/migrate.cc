#include "store/migrate.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/clock.h"
#include "core/status_macros.h"

namespace paved::store {
namespace {

// Serialises migrations across replicas sharing one PostgreSQL database ("paved" in ASCII).
constexpr int64_t kMigrationLockKey = 0x7061766564;

absl::Status LockIfPostgres(Tx& tx) {
  if (tx.engine() != Engine::kPostgres) return absl::OkStatus();  // BEGIN IMMEDIATE serialises
  return tx.Query("SELECT pg_advisory_xact_lock($1)", {kMigrationLockKey}).status();
}

std::string Expand(const std::string& sql, Engine engine) {
  return absl::StrReplaceAll(
      sql, {{"{{serial}}", engine == Engine::kSqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                                     : "BIGSERIAL PRIMARY KEY"}});
}

absl::Status Annotate(const absl::Status& status, const Migration& m, size_t statement) {
  return absl::Status(status.code(),
                      absl::StrCat("migration ", m.version, " (", m.name, ") statement ",
                                   statement + 1, ": ", status.message()));
}

absl::Status CreateVersionTable(Store& store) {
  return store.Transaction([](Tx& tx) {
    RETURN_IF_ERROR(LockIfPostgres(tx));
    return tx
        .Query(R"(CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL))")
        .status();
  });
}

absl::Status RunStatements(Tx& tx, const Migration& m) {
  std::vector<const std::string*> all;
  for (const auto& s : m.statements) all.push_back(&s);
  const auto& own = tx.engine() == Engine::kSqlite ? m.sqlite_only : m.postgres_only;
  for (const auto& s : own) all.push_back(&s);
  for (size_t i = 0; i < all.size(); ++i) {
    auto result = tx.Query(Expand(*all[i], tx.engine()));
    if (!result.ok()) return Annotate(result.status(), m, i);
  }
  return absl::OkStatus();
}

absl::Status Apply(Store& store, const Migration& m) {
  return store.Transaction([&](Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(LockIfPostgres(tx));
    ASSIGN_OR_RETURN(ResultSet done, tx.Query("SELECT version FROM schema_migrations WHERE "
                                              "version = $1",
                                              {int64_t{m.version}}));
    if (!done.empty()) return absl::OkStatus();  // another replica got there first
    RETURN_IF_ERROR(RunStatements(tx, m));
    return tx
        .Query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
               {int64_t{m.version}, m.name, SystemClock::Get()->NowMs()})
        .status();
  });
}

absl::Status CheckOrder(const std::vector<Migration>& migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version <= 0 ||
        (i > 0 && migrations[i].version <= migrations[i - 1].version)) {
      return absl::InvalidArgumentError(
          absl::StrCat("migrations must have increasing positive versions; see version ",
                       migrations[i].version));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Migrate(Store& store, const std::vector<Migration>& migrations) {
  RETURN_IF_ERROR(CheckOrder(migrations));
  RETURN_IF_ERROR(CreateVersionTable(store));
  ASSIGN_OR_RETURN(ResultSet current,
                   store.Query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations"));
  int64_t applied = current.front().Int("v");
  for (const Migration& m : migrations) {
    if (m.version <= applied) continue;
    RETURN_IF_ERROR(Apply(store, m));
  }
  return absl::OkStatus();
}

}  // namespace paved::store
