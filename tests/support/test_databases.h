#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace paved::test_support {

// A URL to a new, empty database for one test: a file in a per-process temp directory
// (SQLite, removed at exit) or a new database on the shared PostgresServer. Errors when the
// PostgreSQL server cannot start: the caller must fail the test, never skip it.
absl::StatusOr<std::string> NewDatabaseUrl(store::Engine engine);

// A Store on a new database (NewDatabaseUrl) with every migration applied.
absl::StatusOr<std::unique_ptr<store::Store>> NewMigratedStore(store::Engine engine);

// "sqlite" / "postgres", for TEST_P instantiation names.
std::string EngineName(store::Engine engine);

}  // namespace paved::test_support
