#pragma once

#include "absl/status/status.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "nlohmann/json.hpp"

namespace paved::catalog {

// Validates the optional project fields present in a request `body` (already type-checked by
// its BodySchema) and copies them into `p`, recording old → new values in `summary`.
// Errors name the field, e.g. "tags[2]" or "namespaces[0].namespace".
// Owner teams (owners) must exist; they are checked inside `tx`.
absl::Status ApplyProjectFields(store::Tx& tx, TeamStore& teams, const nlohmann::json& body,
                                Project& p, nlohmann::json& summary);

// Backstage tag rules: 1-63 of a-z 0-9 : + # separated by single '-'.
bool IsValidTag(const std::string& tag);

}  // namespace paved::catalog
