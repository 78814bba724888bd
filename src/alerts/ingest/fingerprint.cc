#include "alerts/ingest/fingerprint.h"

#include <cinttypes>
#include <cstdio>

namespace paved::alerts {
namespace {

constexpr uint64_t kOffset = 14695981039346656037ULL;
constexpr uint64_t kPrime = 1099511628211ULL;
constexpr unsigned char kSeparator = 0xff;

inline uint64_t AddByte(uint64_t h, unsigned char c) { return (h ^ c) * kPrime; }

inline uint64_t Add(uint64_t h, std::string_view s) {
  for (unsigned char c : s) h = AddByte(h, c);
  return h;
}

}  // namespace

uint64_t LabelsFingerprint(const LabelSet& labels) {
  uint64_t h = kOffset;
  for (const auto& [name, value] : labels) {  // std::map: names in byte order
    h = AddByte(Add(h, name), kSeparator);
    h = AddByte(Add(h, value), kSeparator);
  }
  return h;
}

std::string FingerprintHex(uint64_t fingerprint) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016" PRIx64, fingerprint);
  return buf;
}

std::optional<uint64_t> ParseFingerprint(std::string_view hex) {
  if (hex.size() != 16) return std::nullopt;
  uint64_t v = 0;
  for (char c : hex) {
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0) return std::nullopt;
    v = (v << 4) | static_cast<uint64_t>(d);
  }
  return v;
}

}  // namespace paved::alerts
