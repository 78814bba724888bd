#pragma once

#include "alerts/alerts_config.h"
#include "alerts/ingest/ingestor.h"
#include "http/router.h"

namespace paved::alerts {

// POST /hooks/alertmanager, POST and PUT /hooks/grafana, POST /api/v2/alerts (docs/alerts.md).
// The routes are public and authenticate themselves: the token (`Authorization: Bearer` or
// `?token=`) must hash (SHA-256) to a configured source's token_sha256; on every route a source
// with a signature_secret also needs a valid signature header, and one with a timestamp_header
// also needs that timestamp (signed, and within max_signature_age). 401 for a missing or wrong
// token, signature or timestamp, 400 naming the field for a malformed body, 5xx only when the
// alerts were not stored; else 200 {"received","changed"} (/api/v2/alerts: 200, empty body).
// `ingestor` and `config` must outlive the router.
std::vector<http::Route> HookRoutes(Ingestor* ingestor, const AlertsConfig* config);

}  // namespace paved::alerts
