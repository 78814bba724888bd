#include "cost/money.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace paved::cost {
namespace {

// The slow path, for exponents ("1.0E-7", as CUR writes tiny amounts): through a double, which
// is exact to the nano for any amount a bill line carries.
std::optional<Money> ParseScientific(std::string_view text) {
  std::string copy(text);
  char* end = nullptr;
  double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(value) || std::fabs(value) > 9e9) {
    return std::nullopt;
  }
  return Money{static_cast<int64_t>(std::llround(value * 1e9))};
}

}  // namespace

std::optional<Money> ParseMoney(std::string_view text) {
  if (text.empty()) return Money{};
  size_t i = 0;
  bool negative = text[0] == '-';
  if (text[0] == '-' || text[0] == '+') ++i;
  int64_t whole = 0;
  int64_t fraction = 0;
  int fraction_digits = 0;
  bool digits = false, round_up = false;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, digits = true) {
    if (whole > 9'000'000'000) return std::nullopt;  // beyond what a Money holds
    whole = whole * 10 + (text[i] - '0');
  }
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, digits = true) {
      if (fraction_digits < 9) {
        fraction = fraction * 10 + (text[i] - '0');
        ++fraction_digits;
      } else if (fraction_digits++ == 9) {
        round_up = text[i] >= '5';
      }
    }
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E') && digits) {
    return ParseScientific(text);
  }
  if (!digits || i != text.size()) return std::nullopt;
  for (int d = std::min(fraction_digits, 9); d < 9; ++d) fraction *= 10;
  int64_t nanos = whole * 1'000'000'000 + fraction + (round_up ? 1 : 0);
  return Money{negative ? -nanos : nanos};
}

std::string FormatMoney(Money m, int decimals) {
  decimals = std::clamp(decimals, 0, 9);
  int64_t scale = 1;
  for (int d = decimals; d < 9; ++d) scale *= 10;
  int64_t magnitude = m.nanos < 0 ? -m.nanos : m.nanos;
  int64_t rounded = (magnitude + scale / 2) / scale;  // in units of 10^-decimals
  int64_t unit = 1;
  for (int d = 0; d < decimals; ++d) unit *= 10;
  std::string out = absl::StrCat(m.nanos < 0 && rounded != 0 ? "-" : "", rounded / unit);
  if (decimals > 0) {
    std::string frac = std::to_string(rounded % unit);
    out += "." + std::string(decimals - frac.size(), '0') + frac;
  }
  return out;
}

}  // namespace paved::cost
