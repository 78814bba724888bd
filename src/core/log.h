#pragma once

#include <string>

#include "nlohmann/json.hpp"

namespace paved {

// Process-wide logging through spdlog: human lines for events on stderr, and one JSON object per
// line for structured records (access log) so log shippers can parse them.
void InitLogging(const std::string& level = "info");
// Writes `record` as one JSON line with "ts" added.
void LogRecord(nlohmann::json record);

}  // namespace paved
