#include "monitoring/incidents/timeline.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "core/clock.h"
#include "core/status_macros.h"

namespace paved::monitoring::incidents {
namespace {

// Most alert groups and changes one timeline reads.
constexpr int kMaxGroups = 50;
constexpr int kMaxPerSource = 500;

std::string AlertText(const alerts::AlertEvent& e) {
  std::string text = absl::StrCat(e.detail.value("alertname", "alert"), " ", e.kind);
  if (std::string summary = e.detail.value("summary", ""); !summary.empty()) {
    absl::StrAppend(&text, ": ", summary);
  }
  return absl::StrCat(text, " (", e.group_key, ")");
}

std::string GroupLink(const std::string& group_key) {
  auto [cluster, ns] = alerts::SplitGroupKey(group_key);
  return absl::StrCat("/alerts/groups/", cluster, "/", ns);
}

std::string ChangeLink(const Incident& incident, const deploy::rollout::ProjectChange& c) {
  if (!c.deployment_id.empty()) return "/projects/" + incident.project + "?tab=deployments";
  return "/projects/" + incident.project;
}

}  // namespace

nlohmann::json TimelineEntryToJson(const TimelineEntry& e) {
  return {{"at", FormatTimeMs(e.at_ms)},
          {"kind", e.kind},
          {"actor", e.actor},
          {"text", e.text},
          {"link", e.link}};
}

absl::StatusOr<Timeline> TimelineReader::Read(const Incident& incident, int64_t now_ms) {
  Timeline t{.from_ms = incident.started_at_ms - kTimelineMarginMs,
             .to_ms = incident.resolved_at_ms.value_or(now_ms)};
  t.entries.push_back({.at_ms = incident.opened_at_ms,
                       .kind = "incident_opened",
                       .actor = incident.opened_by,
                       .text = "incident opened: " + incident.title});
  if (incident.resolved_at_ms) {
    t.entries.push_back(
        {.at_ms = *incident.resolved_at_ms, .kind = "incident_resolved", .text = "resolved"});
  }
  RETURN_IF_ERROR(AddAlerts(incident, t));
  RETURN_IF_ERROR(AddChanges(incident, t));
  RETURN_IF_ERROR(AddNotes(incident, t));
  std::stable_sort(
      t.entries.begin(), t.entries.end(),
      [](const TimelineEntry& a, const TimelineEntry& b) { return a.at_ms < b.at_ms; });
  return t;
}

absl::Status TimelineReader::AddAlerts(const Incident& incident, Timeline& t) {
  std::set<std::string> groups;
  if (!incident.alert_group.empty()) groups.insert(incident.alert_group);
  ASSIGN_OR_RETURN(alerts::AlertPage page,
                   alerts_->List({.project = incident.project, .limit = kMaxPerSource}));
  for (const auto& a : page.items) {
    if (groups.size() >= kMaxGroups) break;
    groups.insert(a.group_key());
  }
  for (const auto& group : groups) {
    ASSIGN_OR_RETURN(auto events, alerts_->History({.group_key = group,
                                                    .since_ms = t.from_ms,
                                                    .until_ms = t.to_ms,
                                                    .limit = kMaxPerSource}));
    for (const auto& e : events) {
      if (e.fingerprint.empty() || e.at_ms < t.from_ms || e.at_ms > t.to_ms) continue;
      t.entries.push_back({.at_ms = e.at_ms,
                           .kind = "alert_" + e.kind,
                           .actor = e.actor,
                           .text = AlertText(e),
                           .link = GroupLink(e.group_key)});
    }
  }
  return absl::OkStatus();
}

absl::Status TimelineReader::AddChanges(const Incident& incident, Timeline& t) {
  ASSIGN_OR_RETURN(auto changes, changes_->Since(incident.project, "", t.from_ms, kMaxPerSource));
  for (const auto& c : changes) {
    if (c.at_ms > t.to_ms) continue;
    std::string where = c.cluster.empty() ? c.environment : c.cluster;
    t.entries.push_back({.at_ms = c.at_ms,
                         .kind = c.kind,
                         .actor = c.actor,
                         .text = where.empty() ? c.text : absl::StrCat(where, ": ", c.text),
                         .link = ChangeLink(incident, c)});
  }
  return absl::OkStatus();
}

absl::Status TimelineReader::AddNotes(const Incident& incident, Timeline& t) {
  ASSIGN_OR_RETURN(std::vector<Note> notes, incidents_->Notes(incident.id));
  for (const auto& n : notes) {
    t.entries.push_back({.at_ms = n.at_ms, .kind = "note", .actor = n.actor, .text = n.text});
  }
  return absl::OkStatus();
}

}  // namespace paved::monitoring::incidents
