#pragma once

#include "http/schema.h"

namespace paved::alerts {

// POST /hooks/alertmanager and /hooks/grafana: {"received": n, "changed": n}.
http::Schema HookCountsSchema();

}  // namespace paved::alerts
