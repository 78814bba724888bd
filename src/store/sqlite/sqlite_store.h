#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace paved::store {

// Opens the SQLite engine on `path` (created when missing). A file database gets four reader
// connections and one writer connection; every write (a Transaction, or a Query that is not
// read-only) runs on the writer under BEGIN IMMEDIATE, so writers queue instead of failing.
// ":memory:" uses one connection for everything, so all callers see the same database.
absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace paved::store
