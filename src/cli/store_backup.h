#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "core/config.h"

namespace paved::cli {

// What `paved admin backup` did.
struct StoreBackup {
  std::string file;
  std::string engine;  // "sqlite" or "postgres"
  int64_t bytes = 0;
  std::string created_at;
  bool with_keys = false;
  std::string key_file;       // the server's key file, which the backup needs to decrypt secrets
  std::string audit_warning;  // set when the backup is written but its audit event was not
};

// Writes a backup of the store that `config` describes to `file` (store::WriteBackup), with the
// key file <data_dir>/secret.keys sealed under `passphrase` when `with_keys`, then records a
// "store.backup" audit event by "system" naming `os_user` (after the copy, so it is not in it).
// FailedPrecondition for `with_keys` when PAVED_SECRET_KEY is set or there is no key file.
absl::StatusOr<StoreBackup> BackUpStore(const ServerConfig& config, const std::string& file,
                                        bool with_keys, const std::string& passphrase,
                                        const std::string& os_user,
                                        const Clock* clock = SystemClock::Get());

// What `paved admin restore` did.
struct StoreRestore {
  std::string file;
  std::string engine;
  std::string store;  // the store URL restored into, without its password
  std::string created_at;
  bool with_keys = false;
  std::string key_file;
};

// Restores `file` into the empty store of `config` (store::RestoreBackup) and, when `with_keys`,
// the key file it holds into <data_dir>/secret.keys, which must not exist. Everything that can
// fail without writing is checked first (the passphrase opens the keys, the target is empty).
// Records a "store.restore" audit event in the restored store.
absl::StatusOr<StoreRestore> RestoreStore(const ServerConfig& config, const std::string& file,
                                          bool with_keys, const std::string& passphrase,
                                          const std::string& os_user,
                                          const Clock* clock = SystemClock::Get());

// A store URL as it may be printed: "postgres://user:pw@host/db" → "postgres://user:***@host/db".
std::string WithoutPassword(const std::string& url);

}  // namespace paved::cli
