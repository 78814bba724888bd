#pragma once

#include <string>

namespace paved {

// Cryptographically random identifiers and secrets (OpenSSL RAND_bytes).
// NewId: 20 lowercase base32 characters, sortable by creation time (ms prefix) so ids page stably.
std::string NewId();
// RandomToken: `bytes` random bytes, URL-safe base64 without padding.
std::string RandomToken(int bytes = 32);

}  // namespace paved
