#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "alerts/alert.h"
#include "nlohmann/json.hpp"

namespace paved::alerts {

// A source allowed to post alerts. The token is kept only as its SHA-256 (hex): the config may
// give `token` (hashed on load) or `token_sha256`.
struct SourceConfig {
  std::string name;
  std::string token_sha256;
  // Grafana: HMAC-SHA256 of the body (or of "<timestamp>:<body>" when the timestamp header is
  // present) with this secret, hex, in `signature_header`. Empty secret: no signature required.
  std::string signature_secret;
  // Empty: Grafana's default header, X-Grafana-Alerting-Signature, or X-Grafana-Alert-Signature.
  std::string signature_header;
  // Grafana sends a timestamp only when its contact point names a header for it. Empty:
  // X-Grafana-Alerting-Timestamp or X-Grafana-Alert-Timestamp, used when present. Set: every
  // request must carry this header. Both headers need a signature_secret.
  std::string timestamp_header;
  // A signed timestamp (Unix seconds) further than this from our clock is refused: a captured
  // request cannot be replayed later.
  int64_t max_signature_age_ms = 5 * 60 * 1000;
};

// Label equality matchers; every entry must match ("severity": "critical"). A value starting with
// "~" is a full-match regular expression ("~Disk.*").
using Matchers = std::map<std::string, std::string>;
bool Matches(const Matchers& m, const LabelSet& labels);

// A routing override; the first rule whose team (when set) and matchers match wins.
struct RouteRule {
  std::string team;  // owner team slug; "" = any team (and unowned)
  Matchers match;
  bool notify = true;   // false: kept and shown on the web page, never sent to chat
  std::string channel;  // replaces the team's channel when set
};

// Repeat a still-firing, unacknowledged, unsilenced alert every `every_ms`. First match wins;
// alerts matching no policy are not repeated.
struct ReminderPolicy {
  Matchers match;
  int64_t every_ms = 0;
};

struct WebhookOut {
  std::string name;
  std::string url;
  Matchers match;  // only groups with an alert matching this are sent; empty = all
};

// Config sections `alerts:` and `slack:` of the server config file.
struct AlertsConfig {
  std::vector<std::string> namespace_labels = {"namespace", "kubernetes_namespace",
                                               "exported_namespace"};
  std::string cluster_label = "cluster";
  std::map<std::string, SourceConfig> sources;        // by name
  std::string fallback_channel = "#platform-alerts";  // unowned alerts
  std::string sre_channel;                            // the SRE hourly report; "" = none
  std::string public_url;     // base of links to the web UI, e.g. "https://paved.example.com"
  int64_t group_wait_ms = 0;  // delay between a change and the delivery that tells it
  int64_t context_window_ms = 3 * 3600 * 1000;  // recent deploys/config changes shown
  int message_cap = 20;                         // alert lines per message before "+N more"
  int64_t resolved_keep_ms = 3600 * 1000;       // resolved alerts stay in the message this long
  std::vector<RouteRule> routes;
  std::vector<ReminderPolicy> reminders;
  int channel_messages_per_minute = 20;   // rate limit per chat channel (posts + replies)
  int64_t report_every_ms = 3600 * 1000;  // hourly report; 0 = off
  std::vector<WebhookOut> webhooks;

  // slack:
  std::string slack_api_url = "https://slack.com/api";
  std::string slack_bot_token;       // Web API (chat.postMessage / chat.update)
  std::string slack_signing_secret;  // verifies the interactivity endpoint
  std::string slack_webhook_url;     // incoming webhook, when there is no bot token

  const SourceConfig* SourceByTokenHash(const std::string& sha256_hex) const;
};

// Parses the whole config file's `alerts` and `slack` sections (both optional). Durations are
// Go/Prometheus style ("30s", "5m", "4h", "1h30m"). InvalidArgument names the key, e.g.
// "alerts.reminders[1].every: not a duration".
absl::StatusOr<AlertsConfig> ParseAlertsConfig(const nlohmann::json& file);

// "2h", "30m", "1h30m", "45s", "500ms", "1d" → milliseconds. InvalidArgument otherwise.
absl::StatusOr<int64_t> ParseDurationMs(std::string_view text);

}  // namespace paved::alerts
