#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/time/civil_time.h"

namespace paved {

// Days as the API writes them: "YYYY-MM-DD" in UTC. Such strings sort in time order, which is
// why views and stores keep days as text.

// `text` as a day; nullopt unless it is exactly a valid "YYYY-MM-DD" (no "2026-02-30", no
// "2026-1-5").
std::optional<absl::CivilDay> ParseDay(std::string_view text);
std::string FormatDay(absl::CivilDay day);

// `day` moved by `days` (negative: back); `day` itself when it is not a day.
std::string AddDays(const std::string& day, int days);

// Days from `from` to `to` (negative when `to` is earlier); 0 when either is not a day.
int DaysBetween(const std::string& from, const std::string& to);

// The first and last day of `month` ("YYYY-MM"); nullopt when it is not a month.
std::optional<std::pair<std::string, std::string>> MonthDays(const std::string& month);

// The UTC day of a Unix time in milliseconds.
std::string DayOfUnixMs(int64_t ms);

}  // namespace paved
