#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace paved::store {

// Opens the PostgreSQL engine on a libpq URL ("postgres://user:pass@host:port/db"). The query
// parameter `pool=N` (default 8) sets the number of pooled connections; other query parameters
// go to libpq. Connects once to check the URL: Unavailable when the server cannot be reached.
// Connections that break are replaced on their next use.
absl::StatusOr<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url);

// The libpq connection string of such a URL, as OpenPostgresStore connects with it (`pool`
// removed, connect_timeout and application_name defaulted): for libpq's own tools.
absl::StatusOr<std::string> PostgresConnInfo(const std::string& url);

}  // namespace paved::store
