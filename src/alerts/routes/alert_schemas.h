#pragma once

#include "http/schema.h"

namespace paved::alerts {

// The JSON bodies the alerts API answers with.

// An alert as AlertToJson writes it (list items, ack/silence/unsilence answers).
http::Schema AlertSchema();
// GET /api/v1/alerts: a page of alerts.
http::Schema AlertPageSchema();
// GET /api/v1/alerts/{fingerprint}: an alert and its events.
http::Schema AlertDetailSchema();
// GET /api/v1/alerts/summary.
http::Schema AlertSummarySchema();
// GET /api/v1/alerts/history: a namespace's alert events with its project's changes.
http::Schema AlertHistorySchema();
// GET /api/v1/alerts/message: a group's chat message and where it would go.
http::Schema AlertMessageSchema();

}  // namespace paved::alerts
