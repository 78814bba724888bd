#include <cctype>

#include "absl/strings/numbers.h"
#include "cli/commands.h"

namespace paved::cli {
namespace {

// "30m" → 30 minutes; nullopt unless digits followed by one of s, m, h, d, w.
std::optional<absl::Duration> ParseAge(const std::string& text) {
  if (text.size() < 2) return std::nullopt;
  int64_t n = 0;
  if (!absl::SimpleAtoi(text.substr(0, text.size() - 1), &n) || n < 0 ||
      !std::isdigit(static_cast<unsigned char>(text[0]))) {
    return std::nullopt;
  }
  switch (text.back()) {
    case 's':
      return absl::Seconds(n);
    case 'm':
      return absl::Minutes(n);
    case 'h':
      return absl::Hours(n);
    case 'd':
      return absl::Hours(24 * n);
    case 'w':
      return absl::Hours(24 * 7 * n);
    default:
      return std::nullopt;
  }
}

}  // namespace

absl::StatusOr<std::string> ResolveTime(const std::string& flag, const std::string& text,
                                        absl::Time now) {
  if (text.empty()) return text;
  if (std::optional<absl::Duration> age = ParseAge(text)) {
    return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", now - *age, absl::UTCTimeZone());
  }
  absl::Time t;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, text, &t, &error)) return text;
  return absl::InvalidArgumentError(flag +
                                    " must be an age such as 30m, 1h or 2d, or an RFC 3339 " +
                                    "time such as 2026-11-24T10:00:00Z, not \"" + text + "\"");
}

}  // namespace paved::cli
