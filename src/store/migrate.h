#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "store/store.h"

namespace paved::store {

// A numbered schema change: statements written once for both engines, then statements for one
// engine only (triggers and functions differ). In every statement the token {{serial}} expands to
// an auto-increment integer primary key ("INTEGER PRIMARY KEY AUTOINCREMENT" / "BIGSERIAL PRIMARY
// KEY").
struct Migration {
  int version;
  std::string name;
  std::vector<std::string> statements;
  std::vector<std::string> sqlite_only;
  std::vector<std::string> postgres_only;
};

// The project's migrations, in order. Domains append theirs in store/migrations.cc.
const std::vector<Migration>& AllMigrations();

// Applies every migration newer than the database's recorded version, each in its own
// transaction together with its row in schema_migrations: a failing migration leaves the schema
// exactly as it was and returns the error. Safe to run from several replicas at once
// (PostgreSQL: advisory lock).
absl::Status Migrate(Store& store, const std::vector<Migration>& migrations);

}  // namespace paved::store
