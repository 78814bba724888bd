#include "auth/password.h"

#include <sodium.h>

#include "core/error.h"

namespace paved::auth {
namespace {

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

absl::StatusOr<std::string> HashPassword(const std::string& password) {
  if (!SodiumReady()) return absl::InternalError("libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError("out of memory hashing password");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& password, const std::string& hash) {
  if (!SodiumReady()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

absl::Status CheckPasswordStrength(const std::string& password) {
  if (password.size() < 8) {
    return InvalidField("password", "password must be at least 8 characters");
  }
  if (password.size() > kMaxPasswordBytes) {
    return InvalidField("password", "password must be at most " +
                                        std::to_string(kMaxPasswordBytes) + " characters");
  }
  return absl::OkStatus();
}

}  // namespace paved::auth
