#pragma once

#include "absl/status/statusor.h"
#include "alerts/alerts_deps.h"
#include "http/router.h"

namespace paved::alerts {

// POST /api/v1/slack/interactions (public; Slack's own signature authenticates it). The body is
// application/x-www-form-urlencoded `payload=<json>` (a block_actions payload). Unauthenticated
// (401) when the X-Slack-Signature / X-Slack-Request-Timestamp pair does not verify with
// config.slack_signing_secret, or when no secret is configured. Each action whose action_id is
// ack | silence_1h | silence_4h | unsilence and whose value is "<group_key>|<alertname>" applies
// to every firing alert of that name in that group (ack skips acknowledged ones, unsilence
// touches only silenced ones), as "slack:<user.username, else user.name, else user.id>", audited
// like the API's. Other payload types and actions are ignored. Answers 200 with an empty body.
absl::StatusOr<http::Response> HandleSlackInteraction(const AlertsDeps& deps, http::Context& ctx);

}  // namespace paved::alerts
