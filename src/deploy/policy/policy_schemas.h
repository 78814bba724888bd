#pragma once

#include "http/schema.h"

namespace paved::deploy::policy {

// One policy finding, as FindingToJson writes it.
http::Schema FindingSchema();
// POST /api/v1/policy/check: {"findings": [Finding], "blocking": bool}.
http::Schema PolicyCheckSchema();

}  // namespace paved::deploy::policy
