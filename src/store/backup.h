#pragma once

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace paved::store {

// A backup file is a SQLite database of its own, whatever the store:
// - of a SQLite store, a copy of the database taken with SQLite's online backup API (one
//   consistent snapshot while the server keeps writing), checked with PRAGMA integrity_check;
// - of a PostgreSQL store, an empty database holding `pg_dump --format=custom`'s archive (one
//   snapshot transaction) in chunks.
// Both also hold a `paved_backup` table of named values: what the store was, when the copy was
// taken, and the caller's extras (the CLI's passphrase-sealed key file).
struct BackupInfo {
  std::string engine;      // "sqlite" or "postgres": where it was taken from
  std::string created_at;  // RFC 3339 UTC
  int64_t bytes = 0;       // size of the backup file
  std::map<std::string, std::string> extras;
};

// Writes a backup of the store at `store_url` to `path`, which must not exist (AlreadyExists).
// The file appears only when complete: it is written beside `path` and renamed. PostgreSQL needs
// `pg_dump` of at least the server's major version on PATH.
absl::StatusOr<BackupInfo> WriteBackup(const std::string& store_url, const std::string& path,
                                       const std::string& created_at,
                                       const std::map<std::string, std::string>& extras = {});

// What a backup file says of itself. InvalidArgument when `path` is not a Paved backup.
absl::StatusOr<BackupInfo> ReadBackupInfo(const std::string& path);

// Restores the backup at `path` into the empty store at `store_url`: a SQLite database file that
// does not exist yet, or a PostgreSQL database without tables (FailedPrecondition otherwise, and
// for a backup of the other engine). Nothing is left half-restored: SQLite gets the whole file by
// rename, PostgreSQL runs `pg_restore --single-transaction --exit-on-error`.
absl::Status RestoreBackup(const std::string& path, const std::string& store_url);

}  // namespace paved::store
