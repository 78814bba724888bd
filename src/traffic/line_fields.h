#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace paved::traffic {

// Where the fields of a run of lines start, found 64 bytes at a time (SSE2) and written out
// without a branch per field: a record's needed fields are then read by their position, whatever
// lies between. Fields are separated by runs of ' ', lines end at '\n' (a '\r' before it, or at
// the end of the text, is no part of the last field); a line of spaces has no fields.
class LineFields {
 public:
  struct Line {
    size_t begin = 0, end = 0;  // offsets in the indexed text; `end` is the '\n' (or the end)
    uint32_t first = 0;         // index of the line's first field start
    int count = 0;              // fields on the line
  };

  LineFields();

  // Indexes the whole lines at the front of `text`: as many as fit in kWindow bytes, or one longer
  // line. Returns the bytes indexed (at least one line's, when `text` is not empty).
  size_t IndexLines(std::string_view text);

  std::span<const Line> lines() const { return {lines_.data(), line_count_}; }
  // Field `k` (< line.count) of a line of the last indexed text.
  std::string_view Field(const Line& line, int k) const {
    const char* begin = text_ + starts_[line.first + k];
    const char* end = text_ + (k + 1 < line.count ? starts_[line.first + k + 1] : line.end);
    while (end > begin && IsSeparator(end - 1)) --end;
    return {begin, static_cast<size_t>(end - begin)};
  }

 private:
  static constexpr size_t kWindow = 32 << 10;
  // Room for every field start of a window (at most one every 2 bytes) and a block's spare writes.
  static constexpr size_t kMaxStarts = kWindow / 2 + 128;

  bool IsSeparator(const char* at) const {
    return *at == ' ' || *at == '\n' || (*at == '\r' && (at + 1 == end_ || at[1] == '\n'));
  }

  const char* text_ = nullptr;
  const char* end_ = nullptr;
  // Field starts in the text. A line longer than kWindow keeps only its first ones (far more than
  // a format names), and none beyond 4 GiB.
  std::vector<uint32_t> starts_;
  std::vector<Line> lines_;  // a window has at most a line a byte; a longer one, one line
  size_t line_count_ = 0;
};

}  // namespace paved::traffic
