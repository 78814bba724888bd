#pragma once

#include "alerts/alerts_deps.h"
#include "alerts/routes/alert_stream.h"
#include "http/router.h"

namespace paved::alerts {

// The alerts API of docs/alerts.md ("Per-alert control"):
//   GET  /api/v1/alerts                  ?namespace=&cluster=&team=&project=&severity=&alertname=
//                                         &group=&state=&limit=&cursor=
//   GET  /api/v1/alerts/summary          counts, and groups by firing count
//   GET  /api/v1/alerts/history          ?namespace=&cluster=&since=&until= (alert_history.h)
//   GET  /api/v1/alerts/stream           SSE from `stream` (?group=)
//   GET  /api/v1/alerts/{fingerprint}    with "events"
//   POST /api/v1/alerts/{fingerprint}/ack | silence {"duration"} | unsilence
//   POST /api/v1/slack/interactions      Slack buttons (slack_interactions.h)
// Reads: any signed-in user. Changes: developers of the alert's owner team, sre, admin (sre and
// admin only for unowned alerts); each is one transaction with its audit event, then
// deps.changed({group}) — which should feed `stream` (the routes do not publish themselves).
// deps.store, clock, audit, config, alerts and owners must be set; `stream` may be null (the
// stream route then answers 503). Everything must outlive the router.
std::vector<http::Route> AlertRoutes(const AlertsDeps& deps, AlertStream* stream);

}  // namespace paved::alerts
