#include "deploy/spec/line_diff.h"

#include <algorithm>

namespace paved::deploy::spec {
namespace {

// The LCS table's size limit (16 MB of ints); past it the diff is coarser but still correct.
constexpr size_t kMaxTableCells = size_t{4} << 20;

// "a,b" as unified diff prints a range: start is 1-based, or the line before for empty ranges.
std::string Range(int start, int count) {
  if (count == 0) return std::to_string(start) + ",0";
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(start + 1) + "," + std::to_string(count);
}

struct Hunk {
  size_t begin = 0;  // index into lines
  size_t end = 0;    // one past the last
};

// Groups changed lines with `context` lines around them into hunks.
std::vector<Hunk> Hunks(const std::vector<DiffLine>& lines, int context) {
  std::vector<Hunk> out;
  size_t c = static_cast<size_t>(std::max(context, 0));
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].op == ' ') continue;
    size_t begin = i >= c ? i - c : 0;
    size_t end = std::min(lines.size(), i + 1 + c);
    if (!out.empty() && begin <= out.back().end) {
      out.back().end = end;
    } else {
      out.push_back({begin, end});
    }
  }
  return out;
}

// Appends the diff of from[pre, pre+n) and to[pre, pre+m) by longest common subsequence.
void AppendMiddle(const std::vector<std::string>& from, const std::vector<std::string>& to,
                  size_t pre, size_t n, size_t m, std::vector<DiffLine>* out) {
  // lcs[i][j]: LCS length of from[pre+i..] and to[pre+j..].
  std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i][j] = from[pre + i] == to[pre + j] ? lcs[i + 1][j + 1] + 1
                                               : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && from[pre + i] == to[pre + j]) {
      out->push_back({' ', from[pre + i]});
      ++i, ++j;
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out->push_back({'-', from[pre + i++]});
    } else {
      out->push_back({'+', to[pre + j++]});
    }
  }
}

}  // namespace

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

std::vector<DiffLine> DiffLines(const std::vector<std::string>& from,
                                const std::vector<std::string>& to) {
  // Common prefix and suffix first: most edits are small, and it shrinks the table.
  size_t pre = 0;
  while (pre < from.size() && pre < to.size() && from[pre] == to[pre]) ++pre;
  size_t suf = 0;
  while (suf < from.size() - pre && suf < to.size() - pre &&
         from[from.size() - 1 - suf] == to[to.size() - 1 - suf]) {
    ++suf;
  }
  size_t n = from.size() - pre - suf, m = to.size() - pre - suf;
  std::vector<DiffLine> out;
  for (size_t k = 0; k < pre; ++k) out.push_back({' ', from[k]});
  if (n * m > kMaxTableCells) {
    // Too large to compare line by line: the whole middle is replaced.
    for (size_t k = 0; k < n; ++k) out.push_back({'-', from[pre + k]});
    for (size_t k = 0; k < m; ++k) out.push_back({'+', to[pre + k]});
    for (size_t k = from.size() - suf; k < from.size(); ++k) out.push_back({' ', from[k]});
    return out;
  }
  AppendMiddle(from, to, pre, n, m, &out);
  for (size_t k = from.size() - suf; k < from.size(); ++k) out.push_back({' ', from[k]});
  return out;
}

std::string UnifiedDiff(const std::vector<DiffLine>& lines, int context) {
  // Line numbers (0-based) in each text where every diff line starts.
  std::vector<int> a_at(lines.size() + 1), b_at(lines.size() + 1);
  for (size_t i = 0; i < lines.size(); ++i) {
    a_at[i + 1] = a_at[i] + (lines[i].op != '+');
    b_at[i + 1] = b_at[i] + (lines[i].op != '-');
  }
  std::string out;
  for (const Hunk& h : Hunks(lines, context)) {
    out += "@@ -" + Range(a_at[h.begin], a_at[h.end] - a_at[h.begin]) + " +" +
           Range(b_at[h.begin], b_at[h.end] - b_at[h.begin]) + " @@\n";
    for (size_t i = h.begin; i < h.end; ++i) {
      out += lines[i].op;
      out += lines[i].text + "\n";
    }
  }
  return out;
}

}  // namespace paved::deploy::spec
