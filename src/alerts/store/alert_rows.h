#pragma once

// Internal to the alert store: the columns of tables alerts and alert_events and their mapping
// to Alert / AlertEvent.

#include <string>

#include "alerts/alert.h"
#include "store/store.h"

namespace paved::alerts::internal {

inline constexpr char kAlertColumns[] =
    "fingerprint, source, status, alertname, severity, namespace, cluster, group_key, project, "
    "team, labels, annotations, links, generator_url, starts_at, ends_at, first_seen, "
    "last_received, resolved_at, acked_by, acked_at, silenced_by, silenced_until, last_reminded";

inline constexpr char kEventColumns[] = "seq, at, group_key, fingerprint, kind, actor, detail";

Alert RowToAlert(const store::Row& row);
AlertEvent RowToEvent(const store::Row& row);

std::string LabelsToText(const LabelSet& labels);
LabelSet TextToLabels(const std::string& text);  // {} for anything but an object of strings

}  // namespace paved::alerts::internal
