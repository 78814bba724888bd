#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/time/time.h"

namespace paved::cli {

// Column-aligned text in the manner of `kubectl get`: a header row, columns separated by three
// spaces, no trailing spaces, one line per row. Cells are cleaned with CleanCell().
class Table {
 public:
  explicit Table(std::vector<std::string> headers, size_t max_cell_width = 60);

  // Missing cells are empty; extra cells are dropped.
  void AddRow(std::vector<std::string> cells);
  size_t row_count() const { return rows_.size(); }
  std::string Render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
  size_t max_cell_width_;
};

// "Key:  value" lines with the values aligned; values are cleaned with CleanCell() (no limit).
std::string RenderFields(const std::vector<std::pair<std::string, std::string>>& fields);

// Server text made safe for a terminal: control characters (C0, DEL, C1) become spaces, and text
// longer than `max_width` code points is cut to max_width - 1 followed by "…". max_width 0 means
// no limit.
std::string CleanCell(absl::string_view text, size_t max_width);

// Number of UTF-8 code points in `text`.
size_t DisplayWidth(absl::string_view text);

// Age of an RFC 3339 time at `now`, like kubectl's AGE column: "45s", "12m", "5h", "3d", "2y".
// Returns `rfc3339` unchanged when it does not parse; "0s" for times in the future.
std::string FormatAge(const std::string& rfc3339, absl::Time now);

}  // namespace paved::cli
