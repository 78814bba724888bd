#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alerts/alert.h"
#include "alerts/alerts_config.h"
#include "catalog/ownership.h"
#include "nlohmann/json.hpp"

namespace paved::alerts {

// A recent change in a project, from the deploy part's events.
struct RecentChange {
  int64_t at_ms = 0;
  std::string kind;  // deploy | rollback | deploy_failed | config | secret | spec | exception
  std::string actor;
  std::string environment, cluster;
  std::string text;  // "sha256:ab12 → sha256:cd34", "config set web: LOG_LEVEL", ...
};

// Where a group's message goes.
//
// Routing rule: a group is routed by ONE alert, its "routing alert" (RoutingAlert): the
// highest-severity firing alert (critical, error, warning, info, other; ties: the earliest
// started, then alertname, then fingerprint), or when none fires the highest-severity resolved
// one. `alerts.routes` are tried in order; a rule matches when its team (if set) is the owner's
// team and its matchers match the routing alert's labels (a missing label reads as ""). The first
// match decides `notify` and, when it sets one, the channel.
// Owned group: channel = rule channel, else the owner team's chat channel, else
// `alerts.fallback_channel`; mention = the owner's on-call as Slack markup ("U…"/"W…" → "<@U…>",
// "S…" → "<!subteam^S…>", markup kept, anything else "@name"). A dissolved owner team gets the
// fallback channel and no mention. Unowned group (no owner): rule channel, else the fallback
// channel; unowned = true, no mention.
struct Destination {
  bool notify = true;   // false: web page only
  std::string channel;  // team channel, route override, or the fallback channel
  std::string mention;  // on-call as Slack markup ("<@U123>", "<!subteam^S1>", "@mina.kim")
  bool unowned = false;
};
Destination ResolveDestination(const AlertsConfig& config,
                               const std::optional<catalog::OwnerInfo>& owner,
                               const std::vector<Alert>& alerts);
// The alert a group is routed by (see above); nullptr when `alerts` is empty.
const Alert* RoutingAlert(const std::vector<Alert>& alerts);
// The first route rule matching the group, nullptr when none does.
const RouteRule* MatchingRoute(const AlertsConfig& config,
                               const std::optional<catalog::OwnerInfo>& owner,
                               const std::vector<Alert>& alerts);

// Everything one group's message shows.
struct GroupView {
  std::string group_key, cluster, ns;
  std::optional<catalog::OwnerInfo> owner;
  Destination destination;
  std::vector<Alert> alerts;          // firing and recently resolved
  std::vector<RecentChange> changes;  // newest first
  int64_t now_ms = 0;
};

struct RenderedMessage {
  std::string text;  // fallback text
  nlohmann::json blocks = nlohmann::json::array();
  std::string content_hash;  // of text + blocks; unchanged hash → no chat.update
};

// The group's message: header (team, on-call), firing first by severity, one line per alert
// name with instances, since, links, ack; "+N more" after config.message_cap lines; context;
// Ack / Silence buttons (action ids "ack", "silence_1h", "silence_4h", "unsilence"; value
// "<group_key>|<alertname>"). Deterministic for the same input.
RenderedMessage RenderGroupMessage(const GroupView& view, const AlertsConfig& config);

// One thread reply for the changes told at once (one line each).
std::string RenderThreadReply(const std::vector<AlertEvent>& events,
                              const std::vector<Alert>& alerts, int64_t now_ms);

// The repeat interval for an alert (first matching policy), nullopt when it is not repeated.
std::optional<int64_t> ReminderInterval(const AlertsConfig& config, const Alert& alert);

// The hourly report of one channel; nullopt when there is nothing to say.
struct ReportInput {
  std::string title;                 // "Team Chat Platform — alerts 09:00–10:00"
  std::vector<Alert> open;           // firing now
  std::vector<AlertEvent> events;    // of the period
  std::vector<Alert> period_alerts;  // alerts the events refer to
  int64_t now_ms = 0;
};
std::optional<RenderedMessage> RenderReport(const ReportInput& input, const AlertsConfig& config);

}  // namespace paved::alerts
