#include "deploy/policy/quantity.h"

#include <cmath>
#include <cstdlib>
#include <map>

namespace paved::deploy::policy {
namespace {

const std::map<std::string, double>& Suffixes() {
  static const std::map<std::string, double> kSuffixes = {
      {"", 1},
      {"n", 1e-9},
      {"u", 1e-6},
      {"m", 1e-3},
      {"k", 1e3},
      {"M", 1e6},
      {"G", 1e9},
      {"T", 1e12},
      {"P", 1e15},
      {"E", 1e18},
      {"Ki", 1024.0},
      {"Mi", std::pow(1024.0, 2)},
      {"Gi", std::pow(1024.0, 3)},
      {"Ti", std::pow(1024.0, 4)},
      {"Pi", std::pow(1024.0, 5)},
      {"Ei", std::pow(1024.0, 6)},
  };
  return kSuffixes;
}

absl::Status Bad(const std::string& text) {
  return absl::InvalidArgumentError("'" + text + "' is not a Kubernetes quantity");
}

// Length of the leading unsigned decimal number ("12", "1.5", ".5"); 0 when there is none.
size_t NumberLength(const std::string& s) {
  size_t i = 0, digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  return digits == 0 ? 0 : i;
}

}  // namespace

absl::StatusOr<double> ParseQuantity(const std::string& text) {
  std::string s = text;
  bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s = s.substr(1);
  size_t n = NumberLength(s);
  if (n == 0) return Bad(text);
  double number = std::strtod(s.substr(0, n).c_str(), nullptr);
  std::string suffix = s.substr(n);
  double scale = 0;
  if (auto it = Suffixes().find(suffix); it != Suffixes().end()) {
    scale = it->second;
  } else if (suffix.size() > 1 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    std::string exp = suffix.substr(1);
    size_t start = (exp[0] == '-' || exp[0] == '+') ? 1 : 0;
    if (start == exp.size()) return Bad(text);
    for (size_t i = start; i < exp.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(exp[i]))) return Bad(text);
    }
    scale = std::pow(10.0, std::atoi(exp.c_str()));
  } else {
    return Bad(text);
  }
  return (negative ? -number : number) * scale;
}

absl::StatusOr<double> ParseQuantity(const nlohmann::json& value) {
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) return ParseQuantity(value.get<std::string>());
  return absl::InvalidArgumentError("'" + value.dump() + "' is not a Kubernetes quantity");
}

}  // namespace paved::deploy::policy
