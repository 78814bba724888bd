#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace paved::alerts {

// 64-bit FNV-1a: the hash of Alertmanager's fingerprints (fingerprint.h) and of the alert
// content hashes Paved keeps (AlertContentHash).
class Fnv1a64 {
 public:
  Fnv1a64& Add(std::string_view bytes) {
    for (unsigned char c : bytes) AddByte(c);
    return *this;
  }
  Fnv1a64& AddByte(unsigned char c) {
    h_ = (h_ ^ c) * 1099511628211ULL;
    return *this;
  }
  uint64_t value() const { return h_; }

 private:
  uint64_t h_ = 14695981039346656037ULL;
};

// 16 lowercase hex digits (Alertmanager's "%016x" of a fingerprint).
std::string Hex64(uint64_t v);
// 16 hex digits (either case) → the number; nullopt for anything else.
std::optional<uint64_t> ParseHex64(std::string_view hex);

}  // namespace paved::alerts
