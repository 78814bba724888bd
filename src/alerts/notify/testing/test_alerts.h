#pragma once

// Test-only builders for alerts and views.

#include <string>

#include "alerts/alert.h"
#include "alerts/notify/message.h"

namespace paved::alerts::testing {

inline constexpr int64_t kNow = 1'764'040'320'000;  // 2025-11-25T03:12:00Z
inline constexpr int64_t kMinute = 60'000;

inline Alert MakeAlert(const std::string& alertname, const std::string& severity,
                       const std::string& fingerprint, int64_t started_min_ago = 10) {
  Alert a;
  a.fingerprint = fingerprint;
  a.source = "alertmanager";
  a.alertname = alertname;
  a.severity = severity;
  a.ns = "payments";
  a.cluster = "prod-eu";
  a.labels = {{"alertname", alertname},
              {"severity", severity},
              {"namespace", "payments"},
              {"cluster", "prod-eu"}};
  a.starts_at_ms = kNow - started_min_ago * kMinute;
  a.first_seen_ms = a.starts_at_ms;
  a.last_received_ms = kNow;
  return a;
}

inline Alert Resolved(Alert a, int64_t min_ago) {
  a.status = AlertStatus::kResolved;
  a.resolved_at_ms = kNow - min_ago * kMinute;
  a.ends_at_ms = *a.resolved_at_ms;
  return a;
}

inline catalog::OwnerInfo Owner() {
  catalog::OwnerInfo o;
  o.team = "payments";
  o.team_name = "Payments";
  o.team_status = "active";
  o.chat_channel = "#payments";
  o.oncall = "U024BE7LH";
  o.project = "payments-api";
  return o;
}

}  // namespace paved::alerts::testing
