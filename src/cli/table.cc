#include "cli/table.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace paved::cli {
namespace {

constexpr absl::string_view kColumnGap = "   ";
constexpr absl::string_view kEllipsis = "\xE2\x80\xA6";  // …

bool IsContinuationByte(unsigned char c) { return (c & 0xC0) == 0x80; }

void AppendPadded(std::string& out, const std::string& cell, size_t width) {
  out += cell;
  out.append(width - std::min(width, DisplayWidth(cell)), ' ');
}

}  // namespace

Table::Table(std::vector<std::string> headers, size_t max_cell_width)
    : headers_(std::move(headers)), max_cell_width_(max_cell_width) {}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  for (std::string& cell : cells) cell = CleanCell(cell, max_cell_width_);
  rows_.push_back(std::move(cells));
}

std::string Table::Render() const {
  std::vector<size_t> widths(headers_.size(), 0);
  auto measure = [&widths](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  };
  measure(headers_);
  for (const auto& row : rows_) measure(row);
  std::string out;
  auto render_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) absl::StrAppend(&line, kColumnGap);
      AppendPadded(line, row[i], i + 1 < row.size() ? widths[i] : 0);
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out += line;
    out += '\n';
  };
  render_row(headers_);
  for (const auto& row : rows_) render_row(row);
  return out;
}

std::string RenderFields(const std::vector<std::pair<std::string, std::string>>& fields) {
  size_t width = 0;
  for (const auto& [key, value] : fields) width = std::max(width, DisplayWidth(key) + 1);
  std::string out;
  for (const auto& [key, value] : fields) {
    const std::string clean = CleanCell(value, 0);
    if (clean.empty()) {
      absl::StrAppend(&out, key, ":\n");
      continue;
    }
    AppendPadded(out, key + ":", width);
    absl::StrAppend(&out, "  ", clean, "\n");
  }
  return out;
}

std::string CleanCell(absl::string_view text, size_t max_width) {
  const bool cut = max_width > 0 && DisplayWidth(text) > max_width;
  const size_t keep = cut ? max_width - 1 : text.size();
  std::string out;
  out.reserve(text.size());
  size_t width = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (!IsContinuationByte(c) && ++width > keep) break;
    if (c < 0x20 || c == 0x7F) {
      out += ' ';
    } else if (c == 0xC2 && next >= 0x80 && next <= 0x9F) {  // C1 control, e.g. 8-bit CSI
      out += ' ';
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (cut) absl::StrAppend(&out, kEllipsis);
  return out;
}

size_t DisplayWidth(absl::string_view text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return !IsContinuationByte(static_cast<unsigned char>(c)); });
}

std::string FormatAge(const std::string& rfc3339, absl::Time now) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, rfc3339, &time, &error)) return rfc3339;
  const int64_t seconds = std::max<int64_t>(0, absl::ToInt64Seconds(now - time));
  constexpr int64_t kMinute = 60, kHour = 60 * kMinute, kDay = 24 * kHour, kYear = 365 * kDay;
  if (seconds < 2 * kMinute) return absl::StrCat(seconds, "s");
  if (seconds < 2 * kHour) return absl::StrCat(seconds / kMinute, "m");
  if (seconds < 2 * kDay) return absl::StrCat(seconds / kHour, "h");
  if (seconds < 2 * kYear) return absl::StrCat(seconds / kDay, "d");
  return absl::StrCat(seconds / kYear, "y");
}

}  // namespace paved::cli
