#pragma once

#include <string>

namespace paved::testing {

// 342 bytes of YAML whose nested aliases expand to 9^9 (387 million) strings when followed: the
// "billion laughs" document that once grew the server to tens of GB.
inline std::string BillionLaughsYaml() {
  std::string text =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    text += std::string(1, c) + ": &" + std::string(1, c) + " [";
    for (int i = 0; i < 9; ++i) text += (i ? ",*" : "*") + prev;
    text += "]\n";
  }
  return text;
}

}  // namespace paved::testing
