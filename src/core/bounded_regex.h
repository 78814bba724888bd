#pragma once

#include <cstddef>
#include <regex>
#include <string>

namespace paved {

// libstdc++'s std::regex recurses once per character it matches, so a long enough input (about
// 100 KB of digits against "[0-9]+") overflows the stack and kills the process. Every match of
// text that may come from outside goes through these: longer text never matches.
inline constexpr size_t kMaxRegexInput = 4096;

inline bool BoundedRegexMatch(const std::string& s, const std::regex& re) {
  return s.size() <= kMaxRegexInput && std::regex_match(s, re);
}

inline bool BoundedRegexMatch(const std::string& s, std::smatch& m, const std::regex& re) {
  return s.size() <= kMaxRegexInput && std::regex_match(s, m, re);
}

}  // namespace paved
