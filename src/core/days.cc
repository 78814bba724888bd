#include "core/days.h"

#include "absl/time/time.h"

namespace paved {

std::optional<absl::CivilDay> ParseDay(std::string_view text) {
  absl::CivilDay day;
  if (text.size() != 10 ||
      !absl::ParseCivilTime(absl::string_view(text.data(), text.size()), &day) ||
      absl::FormatCivilTime(day) != text) {
    return std::nullopt;
  }
  return day;
}

std::string FormatDay(absl::CivilDay day) { return absl::FormatCivilTime(day); }

std::string AddDays(const std::string& day, int days) {
  std::optional<absl::CivilDay> d = ParseDay(day);
  return d ? FormatDay(*d + days) : day;
}

int DaysBetween(const std::string& from, const std::string& to) {
  std::optional<absl::CivilDay> a = ParseDay(from), b = ParseDay(to);
  return a && b ? static_cast<int>(*b - *a) : 0;
}

std::optional<std::pair<std::string, std::string>> MonthDays(const std::string& month) {
  absl::CivilMonth m;
  if (month.size() != 7 || !absl::ParseCivilTime(month, &m) || absl::FormatCivilTime(m) != month) {
    return std::nullopt;
  }
  return std::make_pair(FormatDay(absl::CivilDay(m)), FormatDay(absl::CivilDay(m + 1) - 1));
}

std::string DayOfUnixMs(int64_t ms) {
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixMillis(ms), absl::UTCTimeZone());
}

}  // namespace paved
