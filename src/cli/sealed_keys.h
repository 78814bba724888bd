#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace paved::cli {

// A key file sealed with a passphrase, for backups that carry the secret keys: Argon2id
// (libsodium's crypto_pwhash, moderate limits) turns the passphrase and a random salt into a
// 256-bit key that seals the file with AES-256-GCM. The result is JSON naming the KDF, its
// limits, salt and nonce, so a later Paved with other defaults still opens it.

// InvalidArgument for a passphrase shorter than kMinPassphraseLength.
absl::StatusOr<std::string> SealKeyFile(const std::string& key_file_text,
                                        const std::string& passphrase);

// The key file's text. PermissionDenied for a wrong passphrase (or a changed byte),
// InvalidArgument for something that is not a sealed key file.
absl::StatusOr<std::string> OpenSealedKeyFile(const std::string& sealed,
                                              const std::string& passphrase);

inline constexpr size_t kMinPassphraseLength = 12;

}  // namespace paved::cli
