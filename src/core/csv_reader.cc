#include "core/csv_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/strings/str_cat.h"

namespace paved {
namespace {

constexpr size_t kReadChunk = size_t{1} << 20;

// Appends the fields of [begin, end) — a line without quotes — split at each ',', to `fields`.
// Most bill lines are such lines; SSE2 finds the commas 16 bytes at a time.
void SplitPlainLine(const char* begin, const char* end, std::vector<std::string_view>& fields) {
  const char* field = begin;
  const char* p = begin;
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(',');
  for (; end - p >= 16; p += 16) {
    __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, comma)));
    while (mask != 0) {
      const char* at = p + __builtin_ctz(mask);
      fields.emplace_back(field, static_cast<size_t>(at - field));
      field = at + 1;
      mask &= mask - 1;
    }
  }
#endif
  for (; p < end; ++p) {
    if (*p == ',') {
      fields.emplace_back(field, static_cast<size_t>(p - field));
      field = p + 1;
    }
  }
  fields.emplace_back(field, static_cast<size_t>(end - field));
}

// What parsing the record at the front of the buffer found.
enum class Parsed { kRecord, kNeedMore };

}  // namespace

absl::StatusOr<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path,
                                                           Options options) {
  // gzopen reads a file that is not gzip as it is.
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) return absl::NotFoundError("cannot open " + path);
  gzbuffer(file, 256 * 1024);
  return std::unique_ptr<CsvReader>(new CsvReader(file, options));
}

absl::StatusOr<std::unique_ptr<CsvReader>> CsvReader::OpenRange(const std::string& path,
                                                                Options options, int64_t begin,
                                                                int64_t end) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::NotFoundError("cannot open " + path);
  if (lseek(fd, begin, SEEK_SET) != begin) {
    close(fd);
    return absl::UnavailableError("cannot seek in " + path);
  }
  // Text from `begin` never starts with gzip's magic bytes, so zlib reads it as it is.
  gzFile file = gzdopen(fd, "rb");
  if (!file) {
    close(fd);
    return absl::UnavailableError("cannot read " + path);
  }
  gzbuffer(file, 256 * 1024);
  auto reader = std::unique_ptr<CsvReader>(new CsvReader(file, options));
  reader->consumed_ = begin;
  reader->stop_ = end;
  return reader;
}

CsvReader::CsvReader(gzFile file, Options options) : file_(file), options_(options) {
  buffer_.resize(std::max(options_.max_record_bytes, kReadChunk) + kReadChunk);
  unquoted_.reserve(options_.max_record_bytes + 1);
}

CsvReader::~CsvReader() { gzclose(file_); }

absl::Status CsvReader::Error(const std::string& what) const {
  return absl::InvalidArgumentError(absl::StrCat("line ", line_, ": ", what));
}

absl::StatusOr<bool> CsvReader::Fill() {
  if (pos_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + pos_, end_ - pos_);
    consumed_ += static_cast<int64_t>(pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  if (eof_ || end_ == buffer_.size()) return false;
  int n = gzread(file_, buffer_.data() + end_, static_cast<unsigned>(buffer_.size() - end_));
  // A gzip stream cut short ends with a read of 0 and an error state, a damaged one with -1.
  int code = Z_OK;
  const char* why = n <= 0 ? gzerror(file_, &code) : nullptr;
  if (code == Z_ERRNO) {
    return absl::UnavailableError(absl::StrCat("cannot read: ", std::strerror(errno)));
  }
  if (code != Z_OK && code != Z_STREAM_END) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a readable gzip file: ", why ? why : "unknown error"));
  }
  if (n <= 0) {
    eof_ = true;
    return false;
  }
  end_ += static_cast<size_t>(n);
  return true;
}

bool CsvReader::TryPlainLine(std::vector<std::string_view>& fields) {
  const char* begin = buffer_.data() + pos_;
  const size_t left = end_ - pos_;
  const char* newline = static_cast<const char*>(std::memchr(begin, '\n', left));
  if (newline == nullptr) return false;  // the last line, or not all read: the general path
  const size_t length = static_cast<size_t>(newline - begin);
  if (length > options_.max_record_bytes || std::memchr(begin, '"', length) != nullptr) {
    return false;  // the general path says what is wrong, or reads the quotes
  }
  const char* end = length > 0 && newline[-1] == '\r' ? newline - 1 : newline;
  SplitPlainLine(begin, end, fields);
  if (fields.size() > options_.max_fields) {
    fields.clear();
    return false;  // the general path refuses it with its message
  }
  record_line_ = line_;
  ++line_;
  pos_ += length + 1;
  return true;
}

absl::StatusOr<bool> CsvReader::Next(std::vector<std::string_view>& fields) {
  if (stop_ >= 0 && bytes() >= stop_) {
    fields.clear();
    return false;
  }
  const char* buf = buffer_.data();
  while (true) {
    fields.clear();
    unquoted_.clear();
    if (pos_ == end_) {
      auto more = Fill();
      if (!more.ok()) return more.status();
      buf = buffer_.data();
      if (!*more) return false;
    }
    if (TryPlainLine(fields)) return true;
    size_t i = pos_;
    int64_t lines = 0;
    Parsed parsed = Parsed::kRecord;
    bool ended = false;
    while (!ended) {
      if (fields.size() >= options_.max_fields) {
        return Error(absl::StrCat("more than ", options_.max_fields, " fields"));
      }
      if (i == end_) {  // a field starts at the end of what was read
        if (!eof_) {
          parsed = Parsed::kNeedMore;
          break;
        }
        fields.emplace_back();
        ended = true;
        break;
      }
      if (buf[i] == '"') {
        size_t start = i + 1, j = start;
        bool escaped = false;
        size_t close = 0;
        while (true) {
          const void* q = std::memchr(buf + j, '"', end_ - j);
          if (!q) {
            if (eof_) return Error("a quoted field is not closed before the end of the file");
            parsed = Parsed::kNeedMore;
            break;
          }
          size_t at = static_cast<const char*>(q) - buf;
          if (at + 1 == end_ && !eof_) {  // "" or the end of the field: read on to know
            parsed = Parsed::kNeedMore;
            break;
          }
          if (at + 1 < end_ && buf[at + 1] == '"') {
            escaped = true;
            j = at + 2;
            continue;
          }
          close = at;
          break;
        }
        if (parsed == Parsed::kNeedMore) break;
        lines += std::count(buf + start, buf + close, '\n');
        if (!escaped) {
          fields.emplace_back(buf + start, close - start);
        } else {
          size_t from = unquoted_.size();
          for (size_t k = start; k < close; ++k) {
            unquoted_.push_back(buf[k]);
            if (buf[k] == '"') ++k;  // the second quote of ""
          }
          fields.emplace_back(unquoted_.data() + from, unquoted_.size() - from);
        }
        i = close + 1;
        if (i == end_) {  // eof_: the last record has no line break
          ended = true;
        } else if (buf[i] == ',') {
          ++i;
        } else if (buf[i] == '\n') {
          ++i;
          ++lines;
          ended = true;
        } else if (buf[i] == '\r' && i + 1 < end_ && buf[i + 1] == '\n') {
          i += 2;
          ++lines;
          ended = true;
        } else if (buf[i] == '\r' && i + 1 == end_ && !eof_) {
          parsed = Parsed::kNeedMore;
          break;
        } else {
          line_ += lines;
          return Error(absl::StrCat("text after the closing quote of field ", fields.size()));
        }
      } else {
        size_t j = i;
        while (j < end_ && buf[j] != ',' && buf[j] != '\n') ++j;
        if (j == end_ && !eof_) {
          parsed = Parsed::kNeedMore;
          break;
        }
        size_t stop = j;
        if (j < end_ && buf[j] == '\n' && stop > i && buf[stop - 1] == '\r') --stop;
        fields.emplace_back(buf + i, stop - i);
        if (j == end_) {
          ended = true;
          i = j;
        } else if (buf[j] == ',') {
          i = j + 1;
        } else {
          i = j + 1;
          ++lines;
          ended = true;
        }
      }
    }
    if (parsed == Parsed::kNeedMore) {
      if (end_ - pos_ >= options_.max_record_bytes) {
        return Error(absl::StrCat("a record is longer than ", options_.max_record_bytes, " bytes"));
      }
      auto more = Fill();
      if (!more.ok()) return more.status();
      buf = buffer_.data();
      if (!*more && !eof_) {
        return Error(absl::StrCat("a record is longer than ", options_.max_record_bytes, " bytes"));
      }
      continue;  // parse the record again from its start, with more of it read
    }
    if (i - pos_ > options_.max_record_bytes) {
      return Error(absl::StrCat("a record is longer than ", options_.max_record_bytes, " bytes"));
    }
    record_line_ = line_;
    line_ += lines;
    pos_ = i;
    return true;
  }
}

}  // namespace paved
