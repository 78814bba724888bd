#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "core/config.h"

namespace paved::cli {

// What `paved admin rotate-key` did.
struct KeyRotation {
  std::string key_file;
  std::string previous_key_id;
  std::string new_key_id;
  int64_t reencrypted = 0;  // secret versions now encrypted under new_key_id
  size_t older_keys = 0;    // keys kept below the new one in the key file
};

// Rotates the secret key of the server that `config` describes, the way `paved serve` finds its
// key and store: puts a fresh key at the top of <data_dir>/secret.keys (older keys stay, so every
// value keeps decrypting), re-encrypts every secret version under it in one transaction
// (deploy::SecretStore::RotateKey), then records a "secret_key.rotate" audit event by "system"
// naming `os_user`. Running servers keep their old key ring until restarted.
// FailedPrecondition when PAVED_SECRET_KEY is set (an environment key cannot be rotated from
// here), when the key file or the SQLite database does not exist. When the re-encryption fails
// the key file already holds the new key but no secret changed; the error says so.
absl::StatusOr<KeyRotation> RotateSecretKey(const ServerConfig& config, const std::string& os_user,
                                            const Clock* clock = SystemClock::Get());

}  // namespace paved::cli
