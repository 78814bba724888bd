#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "alerts/store/alert_store.h"
#include "deploy/rollout/recent_changes.h"
#include "monitoring/incidents/incident.h"
#include "monitoring/incidents/incident_store.h"
#include "nlohmann/json.hpp"

namespace paved::monitoring::incidents {

// How far before an incident's start its timeline looks: the change that caused it usually
// came first.
inline constexpr int64_t kTimelineMarginMs = 30 * 60 * 1000;

// One thing that happened around an incident.
struct TimelineEntry {
  int64_t at_ms = 0;
  // alert_firing | alert_resolved | alert_acknowledged | alert_silenced | alert_unsilenced |
  // deploy | rollback | deploy_failed | config | secret | spec | exception | note |
  // incident_opened | incident_resolved
  std::string kind;
  std::string actor;  // login, "slack:<user>", or "" for an alert source
  std::string text;
  std::string link;  // a page of the web UI, "" when none
};
nlohmann::json TimelineEntryToJson(const TimelineEntry& e);

struct Timeline {
  int64_t from_ms = 0, to_ms = 0;
  std::vector<TimelineEntry> entries;  // oldest first
};

// Builds an incident's timeline on demand from where things are recorded — nothing is copied:
// the alert history of the project's alert groups (the group it was opened from included), the
// project's deploys, rollbacks, config, secret and spec changes (deploy/rollout's recent
// changes, from the audit log), and the notes written by hand. The window is
// [started_at − kTimelineMarginMs, resolved_at or now].
class TimelineReader {
 public:
  TimelineReader(alerts::AlertStore* alerts, deploy::rollout::RecentChangesReader* changes,
                 IncidentStore* incidents)
      : alerts_(alerts), changes_(changes), incidents_(incidents) {}

  absl::StatusOr<Timeline> Read(const Incident& incident, int64_t now_ms);

 private:
  absl::Status AddAlerts(const Incident& incident, Timeline& t);
  absl::Status AddChanges(const Incident& incident, Timeline& t);
  absl::Status AddNotes(const Incident& incident, Timeline& t);

  alerts::AlertStore* alerts_;
  deploy::rollout::RecentChangesReader* changes_;
  IncidentStore* incidents_;
};

}  // namespace paved::monitoring::incidents
