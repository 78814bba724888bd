#pragma once

#include <string>

#include "absl/status/status.h"

namespace paved::store {

// PostgreSQL's own dump and restore programs, run on PATH (Debian's postgresql-client). The
// connection string goes to them as an argument: run them only on the server's machine, as the
// admin commands do. Errors carry the tool's stderr; FailedPrecondition when the tool is missing.

// `pg_dump --format=custom` of the database at `url` (a store URL) into `file`: one snapshot
// transaction, so the dump is consistent while replicas keep writing.
absl::Status PgDump(const std::string& url, const std::string& file);

// `pg_restore --single-transaction --exit-on-error` of `file` into the database at `url`: the
// whole archive or nothing.
absl::Status PgRestore(const std::string& file, const std::string& url);

}  // namespace paved::store
