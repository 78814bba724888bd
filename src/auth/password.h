#pragma once

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"

namespace paved::auth {

// Argon2id (libsodium crypto_pwhash_str, interactive limits). The result embeds salt and cost.
absl::StatusOr<std::string> HashPassword(const std::string& password);
// Constant-time verification against a stored hash.
bool VerifyPassword(const std::string& password, const std::string& hash);
inline constexpr size_t kMaxPasswordBytes = 1024;
// Passwords must be 8..kMaxPasswordBytes characters; returns InvalidArgument naming field
// "password".
absl::Status CheckPasswordStrength(const std::string& password);

}  // namespace paved::auth
