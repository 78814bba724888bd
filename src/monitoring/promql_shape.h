#pragma once

#include <string_view>

#include "absl/status/status.h"

namespace paved::monitoring {

// OK when `expr` has the shape of a PromQL expression: not blank, every string literal closed,
// and (), [] and {} nested and closed outside strings. It is not a parser: it catches what people
// get wrong when they type an expression (a missing bracket, an unclosed quote) before it reaches
// a rule file, where one bad expression makes Prometheus refuse the whole file. Otherwise
// InvalidArgument saying what is wrong and where (byte offset).
absl::Status CheckPromqlShape(std::string_view expr);

}  // namespace paved::monitoring
