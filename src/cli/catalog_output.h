#pragma once

#include <string>

#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace paved::cli {

// `paved catalog owner`: the answer of GET /catalog/owner as "Key: value" lines (team, status,
// chat channel, on-call, lead, project).
std::string RenderOwner(const nlohmann::json& owner);

// `paved catalog orphans`: the items of GET /catalog/orphans as a table (KIND, ID, NAME,
// LAST OWNER, AGE, REASON), AGE counted from `since` at `now`.
std::string RenderOrphans(const nlohmann::json& items, absl::Time now);

// `paved catalog sync`: one line for the {"job": Job} answer, e.g. "sync job 42 queued".
std::string RenderJobStarted(const std::string& what, const nlohmann::json& answer);

}  // namespace paved::cli
