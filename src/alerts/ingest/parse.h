#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "alerts/alert.h"

namespace paved::alerts {

// Parsers of the bodies sources send. Each returns the alerts with their fingerprint filled: the
// one the source sent when it is 16 hex digits (lowercased), else Alertmanager's (fingerprint.h).
// Unknown fields are ignored. Failures are InvalidArgument made with InvalidField(field,
// message) — field e.g. "alerts[2].labels", message "must be an object of strings" — or, for a
// body that is not JSON, DomainError(kInvalidArgument, "invalid_json", ...). Never throws.

// Alertmanager webhook, version "4" (notification_reason, routeLabels, truncatedAlerts accepted).
absl::StatusOr<std::vector<IncomingAlert>> ParseAlertmanagerWebhook(std::string_view body);

// Grafana webhook contact point, version "1": silenceURL, dashboardURL, panelURL, imageURL become
// links silence, dashboard, panel, image (when not empty); values are ignored.
absl::StatusOr<std::vector<IncomingAlert>> ParseGrafanaWebhook(std::string_view body);

// Alertmanager API v2 POST /api/v2/alerts: a JSON array of {labels (required, non-empty),
// annotations, startsAt, endsAt, generatorURL}. endsAt before `now_ms` → resolved, else firing.
// A missing startsAt reads 0 (the ingestor keeps the known start, or takes now).
absl::StatusOr<std::vector<IncomingAlert>> ParsePostableAlerts(std::string_view body,
                                                               int64_t now_ms);

// RFC 3339 ("2026-11-20T03:12:00.123Z", "2021-10-12T09:56:03.157076+02:00") → Unix ms.
// Go's zero time "0001-01-01T00:00:00Z" (and any time before 1970) → 0. nullopt when malformed.
std::optional<int64_t> ParseRfc3339Ms(std::string_view text);

}  // namespace paved::alerts
