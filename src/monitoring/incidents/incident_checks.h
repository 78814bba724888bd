#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "monitoring/incidents/incident.h"

namespace paved::monitoring::incidents {

// Bounds of what people write into an incident.
inline constexpr size_t kMaxTitleBytes = 200;
inline constexpr size_t kMaxTextBytes = 4000;
inline constexpr size_t kMaxListItems = 20;  // whys, contributing factors
inline constexpr size_t kMaxPromqlBytes = 2000;

// Each returns InvalidArgument naming `field` ("missing_field" when required and empty).
absl::Status CheckText(const std::string& field, const std::string& value, size_t max_bytes,
                       bool required);
absl::Status CheckList(const std::string& field, const std::vector<std::string>& items);
// A day "YYYY-MM-DD".
absl::Status CheckDay(const std::string& field, const std::string& value);
// A panel needs a title and a PromQL expression; a unit is a short word.
absl::Status CheckPanel(const ExtraPanel& p);
// A rule needs a name (a Prometheus metric-like name), an expression, a duration "for" (e.g.
// 5m, or empty) and a severity of critical, warning or info.
absl::Status CheckRule(const ExtraRule& r);

}  // namespace paved::monitoring::incidents
