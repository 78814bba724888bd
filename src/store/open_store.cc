#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace paved::store {

absl::StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  constexpr char kSqlite[] = "sqlite://";
  if (absl::StartsWith(url, kSqlite)) return OpenSqliteStore(url.substr(sizeof(kSqlite) - 1));
  if (absl::StartsWith(url, "postgres://") || absl::StartsWith(url, "postgresql://")) {
    return OpenPostgresStore(url);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("store url must start with sqlite:// or postgres://, got '", url, "'"));
}

}  // namespace paved::store
