#pragma once

#include <string>

namespace paved {

// Cryptographically random identifiers and secrets (OpenSSL RAND_bytes).
// NewId: 20 lowercase base32 characters, sortable by creation time (ms prefix) so ids page stably.
std::string NewId();
// RandomToken: `bytes` random bytes, URL-safe base64 without padding.
std::string RandomToken(int bytes = 32);
// Sha256Hex: lowercase hex SHA-256 of `data` (used for token and session hashes).
std::string Sha256Hex(const std::string& data);
// HmacSha256Hex: lowercase hex HMAC-SHA256 of `data` under `key` (webhook signatures).
std::string HmacSha256Hex(const std::string& key, const std::string& data);
// ConstantTimeEquals: compares secrets without leaking where they differ (sizes may leak).
bool ConstantTimeEquals(const std::string& a, const std::string& b);

}  // namespace paved
