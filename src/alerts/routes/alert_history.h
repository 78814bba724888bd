#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "alerts/alerts_deps.h"
#include "nlohmann/json.hpp"

namespace paved::alerts {

struct GroupHistoryQuery {
  std::string ns, cluster;
  bool all_clusters = false;  // no cluster asked for: every group of the namespace
  int64_t since_ms = 0;
  int64_t until_ms = 0;
};

// GET /api/v1/alerts/history: {"group","groups","owner":OwnerInfo|null,"since","until",
// "items":[{"at","kind","group","fingerprint","alertname","actor","text"}]} — the alert events of
// the group (of every group of the namespace with all_clusters; "group" is then "*/<ns>" unless
// there is just one) and, when the namespace has an owner project, that project's deploys and
// config changes on the cluster (any cluster with all_clusters; deps.recent_changes), merged
// oldest first (alert events first at equal times).
absl::StatusOr<nlohmann::json> GroupHistory(const AlertsDeps& deps, const GroupHistoryQuery& q);

// One line for an alert event, e.g. "acknowledged by mina.kim", "silenced until <time>".
std::string EventText(const AlertEvent& e);

}  // namespace paved::alerts
