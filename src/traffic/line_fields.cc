#include "traffic/line_fields.h"

#include <emmintrin.h>

#include <bit>
#include <cstddef>
#include <cstring>

namespace paved::traffic {
namespace {

struct Masks {
  uint64_t separator = 0;  // ' ', '\n', and '\r' before '\n' or the end
  uint64_t newline = 0;
};

// The masks of the 64 bytes at `block` (fewer when `end` comes first: the rest count as ' ').
// Inlined into each clone of IndexBlocks, to be compiled for its CPU.
[[gnu::always_inline]] inline Masks MasksAt(const char* block, const char* end) {
  const char* at = block;
  char tail[64];
  if (end - block < 64) {
    std::memset(tail, ' ', sizeof(tail));
    std::memcpy(tail, block, static_cast<size_t>(end - block));
    at = tail;
  }
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  Masks m;
  uint64_t crs = 0;
#pragma GCC unroll 4
  for (std::ptrdiff_t i = 0; i < 4; ++i) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + 16 * i));
    __m128i nl = _mm_cmpeq_epi8(v, newline);
    auto bits = [](__m128i hit) {
      return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(hit)));
    };
    m.separator |= bits(_mm_or_si128(_mm_cmpeq_epi8(v, space), nl)) << (16 * i);
    m.newline |= bits(nl) << (16 * i);
    crs |= bits(_mm_cmpeq_epi8(v, cr)) << (16 * i);
  }
  for (; crs != 0; crs &= crs - 1) {  // rare: looked at one by one
    const int bit = std::countr_zero(crs);
    const char* next = block + bit + 1;
    if (next == end || *next == '\n') m.separator |= uint64_t{1} << bit;
  }
  return m;
}

// Writes the positions of the set bits of `bits` (plus `base`) to `out`, 8 at a time without a
// branch per bit; up to 16 values may be written past the last one.
[[gnu::always_inline]] inline void WriteBits(uint64_t bits, uint32_t base, uint32_t* out) {
  const int count = std::popcount(bits);
#pragma GCC unroll 8
  for (int i = 0; i < 8; ++i, bits &= bits - 1) out[i] = base + std::countr_zero(bits);
  if (count <= 8) return;
#pragma GCC unroll 8
  for (int i = 8; i < 16; ++i, bits &= bits - 1) out[i] = base + std::countr_zero(bits);
  for (int i = 16; bits != 0; ++i, bits &= bits - 1) out[i] = base + std::countr_zero(bits);
}

// Writes the field starts and lines of [begin, end) (no more lines than bytes, + 1) and returns
// the line count; for LineFields::IndexLines. Cloned for x86-64-v3 and v2 CPUs (popcnt and tzcnt
// are one instruction there), the clone chosen when the program loads.
__attribute__((target_clones("arch=x86-64-v3", "arch=x86-64-v2", "default"))) size_t IndexBlocks(
    const char* begin, const char* end, uint32_t* starts, size_t max_starts,
    LineFields::Line* lines) {
  size_t line_count = 0;
  const size_t size = static_cast<size_t>(end - begin);
  uint32_t count = 0;            // field starts so far
  size_t line_begin = 0;         // of the current line
  uint32_t line_first = 0;       // its first field start
  uint64_t after_separator = 1;  // the text starts a line
  for (size_t at = 0; at < size; at += 64) {
    const Masks m = MasksAt(begin + at, end);
    const uint64_t block_starts = ~m.separator & (m.separator << 1 | after_separator);
    after_separator = m.separator >> 63;
    for (uint64_t nl = m.newline; nl != 0; nl &= nl - 1) {
      const int bit = std::countr_zero(nl);
      const uint32_t before = count + std::popcount(block_starts & ((uint64_t{1} << bit) - 1));
      lines[line_count++] = {.begin = line_begin,
                             .end = at + bit,
                             .first = line_first,
                             .count = static_cast<int>(before - line_first)};
      line_begin = at + bit + 1;
      line_first = before;
    }
    // A line longer than the window keeps the starts that fit.
    if (count + 64 <= max_starts && at < (uint64_t{1} << 32) - 64) {
      WriteBits(block_starts, static_cast<uint32_t>(at), starts + count);
    }
    count += std::popcount(block_starts);
  }
  if (line_begin < size) {  // the text's last line, without '\n'
    lines[line_count++] = {.begin = line_begin,
                           .end = size,
                           .first = line_first,
                           .count = static_cast<int>(count - line_first)};
  }
  return line_count;
}

}  // namespace

LineFields::LineFields() : starts_(kMaxStarts), lines_(kWindow + 1) {}

size_t LineFields::IndexLines(std::string_view text) {
  size_t size = text.size();
  if (size > kWindow) {
    // Up to the window's last '\n', else to the end of the one line that fills it.
    const void* nl = memrchr(text.data(), '\n', kWindow);
    if (nl == nullptr) nl = std::memchr(text.data() + kWindow, '\n', size - kWindow);
    if (nl != nullptr) size = static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1;
  }
  text_ = text.data();
  end_ = text.data() + size;
  line_count_ = IndexBlocks(text_, end_, starts_.data(), starts_.size(), lines_.data());
  return size;
}

}  // namespace paved::traffic
