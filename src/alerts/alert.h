#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

namespace paved::alerts {

enum class AlertStatus { kFiring, kResolved };
std::string_view AlertStatusName(AlertStatus s);  // "firing" | "resolved"
std::optional<AlertStatus> ParseAlertStatus(std::string_view name);

using LabelSet = std::map<std::string, std::string>;

// One alert as a source sent it, before routing. Parsers produce these.
struct IncomingAlert {
  std::string fingerprint;  // 16 lowercase hex digits; computed from labels when absent
  AlertStatus status = AlertStatus::kFiring;
  LabelSet labels;
  LabelSet annotations;
  int64_t starts_at_ms = 0;
  int64_t ends_at_ms = 0;  // 0 when the source sent none (or Go's zero time 0001-01-01)
  std::string generator_url;
  LabelSet links;  // Grafana: silence, dashboard, panel (URLs)
};

// A stored alert (table alerts): the latest state of one fingerprint, its owner as resolved at
// ingest, and who acknowledged or silenced it.
struct Alert {
  std::string fingerprint;
  std::string source;  // configured source name, e.g. "alertmanager"
  AlertStatus status = AlertStatus::kFiring;
  LabelSet labels;
  LabelSet annotations;
  LabelSet links;
  std::string generator_url;
  int64_t starts_at_ms = 0;
  int64_t ends_at_ms = 0;

  // Derived at ingest.
  std::string alertname, severity;
  std::string ns;       // namespace label (first configured label name present); "" when none
  std::string cluster;  // cluster label; "" when none
  std::string project;  // owning project slug; "" when unowned
  std::string team;     // owning team slug; "" when unowned

  int64_t first_seen_ms = 0;
  int64_t last_received_ms = 0;
  std::optional<int64_t> resolved_at_ms;

  std::string acked_by;
  std::optional<int64_t> acked_at_ms;
  std::string silenced_by;
  std::optional<int64_t> silenced_until_ms;
  std::optional<int64_t> last_reminded_ms;

  bool owned() const { return !team.empty(); }
  bool acknowledged() const { return acked_at_ms.has_value(); }
  bool silenced(int64_t now_ms) const {
    return silenced_until_ms.has_value() && *silenced_until_ms > now_ms;
  }
  std::string group_key() const { return cluster + "/" + ns; }
};

// {"fingerprint","source","status","alertname","severity","namespace","cluster","project",
//  "team","labels","annotations","links","generator_url","starts_at","ends_at","first_seen",
//  "last_received","resolved_at","acknowledged":{"by","at"}|null,
//  "silenced":{"by","until"}|null,"group":"<cluster>/<namespace>"} — times RFC 3339.
// `now_ms` decides whether a silence is still active (expired ones read null).
nlohmann::json AlertToJson(const Alert& a, int64_t now_ms);

// One line of an alert's or group's history (table alert_events).
struct AlertEvent {
  int64_t seq = 0;
  int64_t at_ms = 0;
  std::string group_key;
  std::string fingerprint;  // "" for group-level events (message posted/updated, report)
  // firing | resolved | acknowledged | silenced | unsilenced | reminded | message
  std::string kind;
  std::string actor;  // login, "slack:<user>", or "" for the source
  nlohmann::json detail = nlohmann::json::object();
};
nlohmann::json AlertEventToJson(const AlertEvent& e);

// "<cluster>/<namespace>" → (cluster, namespace). The namespace never contains '/', so the last
// '/' splits.
std::pair<std::string, std::string> SplitGroupKey(std::string_view group_key);

}  // namespace paved::alerts
