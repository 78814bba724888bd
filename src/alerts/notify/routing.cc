#include <tuple>

#include "alerts/notify/format.h"
#include "alerts/notify/message.h"

namespace paved::alerts {

using notify_internal::SeverityRank;
using notify_internal::SinceMs;
using notify_internal::SlackMention;

const Alert* RoutingAlert(const std::vector<Alert>& alerts) {
  const Alert* best = nullptr;
  auto key = [](const Alert& a) {
    return std::make_tuple(a.status == AlertStatus::kFiring ? 0 : 1, SeverityRank(a.severity),
                           SinceMs(a), a.alertname, a.fingerprint);
  };
  for (const auto& a : alerts) {
    if (best == nullptr || key(a) < key(*best)) best = &a;
  }
  return best;
}

const RouteRule* MatchingRoute(const AlertsConfig& config,
                               const std::optional<catalog::OwnerInfo>& owner,
                               const std::vector<Alert>& alerts) {
  static const LabelSet kNoLabels;
  const Alert* rep = RoutingAlert(alerts);
  const LabelSet& labels = rep ? rep->labels : kNoLabels;
  for (const auto& rule : config.routes) {
    if (!rule.team.empty() && (!owner || owner->team != rule.team)) continue;
    if (Matches(rule.match, labels)) return &rule;
  }
  return nullptr;
}

Destination ResolveDestination(const AlertsConfig& config,
                               const std::optional<catalog::OwnerInfo>& owner,
                               const std::vector<Alert>& alerts) {
  Destination d;
  const RouteRule* rule = MatchingRoute(config, owner, alerts);
  bool dissolved = owner && owner->team_status == "dissolved";
  if (owner) {
    d.channel = dissolved ? "" : owner->chat_channel;
    d.mention = dissolved ? "" : SlackMention(owner->oncall);
  } else {
    d.unowned = true;
  }
  if (rule) {
    d.notify = rule->notify;
    if (!rule->channel.empty()) d.channel = rule->channel;
  }
  if (d.channel.empty()) d.channel = config.fallback_channel;
  return d;
}

std::optional<int64_t> ReminderInterval(const AlertsConfig& config, const Alert& alert) {
  for (const auto& p : config.reminders) {
    if (Matches(p.match, alert.labels)) return p.every_ms;
  }
  return std::nullopt;
}

}  // namespace paved::alerts
