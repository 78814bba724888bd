#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace paved::auth {

// Argon2id (libsodium crypto_pwhash_str, interactive limits). The result embeds salt and cost.
absl::StatusOr<std::string> HashPassword(const std::string& password);
// Constant-time verification against a stored hash.
bool VerifyPassword(const std::string& password, const std::string& hash);
// Passwords must be 8..1024 characters; returns InvalidArgument naming field "password".
absl::Status CheckPasswordStrength(const std::string& password);

}  // namespace paved::auth
