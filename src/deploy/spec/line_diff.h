#pragma once

#include <string>
#include <vector>

namespace paved::deploy::spec {

// One line of a line diff: ' ' kept, '+' added, '-' removed.
struct DiffLine {
  char op = ' ';
  std::string text;  // without the newline

  bool operator==(const DiffLine&) const = default;
};

// Splits on '\n' ("a\nb\n" → {"a", "b"}; a final line without '\n' counts too).
std::vector<std::string> SplitLines(const std::string& text);

// The line-by-line difference from `from` to `to` by longest common subsequence: every line of
// both texts in order, removals before additions within a change. Deterministic.
// O(lines(from) × lines(to)) time and memory after the common prefix and suffix are set
// aside; when that product exceeds about 4 million the changed middle is reported as removed
// and re-added as a whole, so a huge input costs memory linear in its size.
std::vector<DiffLine> DiffLines(const std::vector<std::string>& from,
                                const std::vector<std::string>& to);

// A unified diff of `lines` ("@@ -a,b +c,d @@" hunks with `context` unchanged lines around each
// change, hunks closer than 2 × context merged). Empty when nothing changed. Without the
// "---"/"+++" file header; each line ends with '\n'.
std::string UnifiedDiff(const std::vector<DiffLine>& lines, int context = 3);

}  // namespace paved::deploy::spec
