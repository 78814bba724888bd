#include "monitoring/promql_shape.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace paved::monitoring {
namespace {

char Closer(char open) { return open == '(' ? ')' : open == '[' ? ']' : '}'; }

}  // namespace

absl::Status CheckPromqlShape(std::string_view expr) {
  if (absl::StripAsciiWhitespace(absl::string_view(expr.data(), expr.size())).empty()) {
    return absl::InvalidArgumentError("the expression is empty");
  }
  std::string open;  // brackets not closed yet, innermost last
  char quote = 0;    // the quote of the string being read; 0 outside strings
  size_t quote_at = 0;
  for (size_t i = 0; i < expr.size(); ++i) {
    char c = expr[i];
    if (quote != 0) {
      if (c == '\\' && quote != '`') {
        ++i;  // an escaped character, whatever it is
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || c == '\'' || c == '`') {
      quote = c;
      quote_at = i;
    } else if (c == '(' || c == '[' || c == '{') {
      open.push_back(c);
    } else if (c == ')' || c == ']' || c == '}') {
      if (open.empty() || Closer(open.back()) != c) {
        return absl::InvalidArgumentError(
            absl::StrCat("unexpected ", std::string(1, c), " at byte ", i));
      }
      open.pop_back();
    }
  }
  if (quote != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("the string opened at byte ", quote_at, " is not closed"));
  }
  if (!open.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("missing ", std::string(1, Closer(open.back()))));
  }
  return absl::OkStatus();
}

}  // namespace paved::monitoring
