#include "core/random.h"

#include <openssl/rand.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace paved {
namespace {

std::vector<unsigned char> RandomBytes(int n) {
  std::vector<unsigned char> buf(static_cast<size_t>(n));
  // Failure of the system CSPRNG is not recoverable; crash rather than hand out weak secrets.
  if (RAND_bytes(buf.data(), n) != 1) std::abort();
  return buf;
}

}  // namespace

std::string NewId() {
  static constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
  using namespace std::chrono;
  uint64_t ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  std::string id(20, '0');
  for (int i = 9; i >= 0; --i) {  // 10 chars x 5 bits = 50 bits of time
    id[i] = kAlphabet[ms & 31];
    ms >>= 5;
  }
  auto rnd = RandomBytes(10);
  for (int i = 0; i < 10; ++i) id[10 + i] = kAlphabet[rnd[i] & 31];
  return id;
}

std::string RandomToken(int bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  auto rnd = RandomBytes(bytes);
  std::string out;
  int bits = 0;
  uint32_t acc = 0;
  for (unsigned char b : rnd) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
  return out;
}

}  // namespace paved
