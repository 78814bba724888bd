#include "traffic/line_fields.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"

namespace paved::traffic {
namespace {

using Lines = std::vector<std::vector<std::string>>;

// The fields of each line with at least one, as LineFields finds them window after window.
Lines Indexed(std::string_view text) {
  LineFields index;
  Lines out;
  for (size_t at = 0; at < text.size();) {
    const size_t indexed = index.IndexLines(text.substr(at));
    EXPECT_GT(indexed, 0u);
    for (const LineFields::Line& line : index.lines()) {
      if (line.count == 0) continue;
      std::vector<std::string> fields;
      for (int k = 0; k < line.count; ++k) fields.emplace_back(index.Field(line, k));
      out.push_back(std::move(fields));
    }
    at += indexed;
  }
  return out;
}

// The same, one byte at a time: fields split at runs of ' ', lines at '\n', a '\r' ending a line
// dropped.
Lines Expected(const std::string& text) {
  Lines out;
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  for (std::string& line : lines) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (!fields.empty()) out.push_back(std::move(fields));
  }
  return out;
}

TEST(LineFieldsTest, SplitsFieldsAndLines) {
  EXPECT_EQ(Indexed("a bb  ccc\n\n  \nd\r\ne \r\nf\r \n\rg\r"),
            (Lines{{"a", "bb", "ccc"}, {"d"}, {"e"}, {"f\r"}, {"\rg"}}));
  EXPECT_EQ(Indexed(""), Lines{});
  EXPECT_EQ(Indexed("x"), Lines{{"x"}});
}

// Lines across 64-byte blocks and windows, one longer than a window, and random text of the
// bytes that matter, against the byte-at-a-time split.
TEST(LineFieldsTest, MatchesBytewiseSplit) {
  std::string records;
  for (int i = 0; i < 2000; ++i) {
    records += "5 123 eni-" + std::to_string(i) + " 10.0.0.1  10.0.0." + std::to_string(i % 250) +
               (i % 3 == 0 ? "\r\n" : "\n");
  }
  EXPECT_EQ(Indexed(records), Expected(records));
  const std::string long_line = "a " + std::string(100 << 10, 'b') + " c\nd e\n";
  EXPECT_EQ(Indexed(long_line), Expected(long_line));
  std::mt19937 random(7);
  const char bytes[] = {' ', ' ', '\n', '\r', 'a', 'b'};
  for (int round = 0; round < 200; ++round) {
    std::string text(random() % 300, ' ');
    for (char& c : text) c = bytes[random() % sizeof(bytes)];
    EXPECT_EQ(Indexed(text), Expected(text)) << "round " << round;
  }
}

}  // namespace
}  // namespace paved::traffic
