#pragma once

#include "http/schema.h"

namespace paved::monitoring {

// The answer of GET /api/v1/projects/{slug}/monitoring/signals.
http::Schema GoldenSignalsSchema();

}  // namespace paved::monitoring
