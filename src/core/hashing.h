#pragma once

#include <string>

namespace paved {

// Sha256Hex: lowercase hex SHA-256 of `data` (used for token and session hashes).
std::string Sha256Hex(const std::string& data);
// HmacSha256Hex: lowercase hex HMAC-SHA256 of `data` under `key` (webhook signatures).
std::string HmacSha256Hex(const std::string& key, const std::string& data);
// ConstantTimeEquals: compares secrets without leaking where they differ (sizes may leak).
bool ConstantTimeEquals(const std::string& a, const std::string& b);

}  // namespace paved
