#pragma once

#include <zlib.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace paved {

// The one reader of CSV that comes from outside (bills, exports): RFC 4180 records streamed
// from a file, plain or gzip (told apart by the content, not the name), in constant memory.
// - Fields are separated by ',' and records by LF or CRLF; a field in double quotes may hold
//   ',', '"' written as "", and line breaks.
// - Bounded: a record longer than `max_record_bytes`, or with more than `max_fields` fields, is
//   an error naming its line — a file without line breaks never fills memory.
// - A stray '"' inside an unquoted field is kept as text (bills contain them); text after a
//   closing quote, or a quote left open at the end of the file, is an error with its line.
// Errors are InvalidArgument for the content ("line 12: ...") and Unavailable for reading.
class CsvReader {
 public:
  struct Options {
    size_t max_record_bytes = size_t{1} << 20;
    size_t max_fields = 4096;
  };

  static absl::StatusOr<std::unique_ptr<CsvReader>> Open(const std::string& path, Options options);
  static absl::StatusOr<std::unique_ptr<CsvReader>> Open(const std::string& path) {
    return Open(path, Options{});
  }
  // Reads only the records that start in [begin, end) of a plain (not gzip) file: `begin` must
  // be where a record starts; the record that starts before `end` is read whole. Lets several
  // threads read one large file. line() counts from `begin` (1 there).
  static absl::StatusOr<std::unique_ptr<CsvReader>> OpenRange(const std::string& path,
                                                              Options options, int64_t begin,
                                                              int64_t end);
  ~CsvReader();

  // The next record's fields, valid until the next call; false at the end of the file. An
  // empty line is a record of one empty field.
  absl::StatusOr<bool> Next(std::vector<std::string_view>& fields);

  // The line the last record returned by Next started on (1-based).
  int64_t line() const { return record_line_; }
  // Bytes of the file consumed so far (after decompression); for a range, the offset in the file
  // where the next record starts.
  int64_t bytes() const { return consumed_ + static_cast<int64_t>(pos_); }

 private:
  CsvReader(gzFile file, Options options);
  // Reads more of the file after the unread part; false at the end of the file.
  absl::StatusOr<bool> Fill();
  absl::Status Error(const std::string& what) const;
  // Reads the record at pos_ when it is a whole line without quotes (most are): its fields
  // split at the commas, quickly. False, with nothing consumed, when the general parser must
  // look at it.
  bool TryPlainLine(std::vector<std::string_view>& fields);

  gzFile file_;
  Options options_;
  std::string buffer_;
  size_t pos_ = 0;  // start of the unread part of buffer_
  size_t end_ = 0;  // end of the data in buffer_
  bool eof_ = false;
  int64_t consumed_ = 0;  // bytes dropped from the front of buffer_ so far
  int64_t stop_ = -1;     // a range's end: no record starting there or later is read
  int64_t line_ = 1;      // the line at pos_
  int64_t record_line_ = 0;
  std::string unquoted_;  // quoted fields with "" turned into ", for this record
};

}  // namespace paved
