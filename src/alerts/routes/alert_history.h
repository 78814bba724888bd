#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "alerts/alerts_deps.h"
#include "nlohmann/json.hpp"

namespace paved::alerts {

struct GroupHistoryQuery {
  std::string ns, cluster;
  int64_t since_ms = 0;
  int64_t until_ms = 0;
};

// GET /api/v1/alerts/history: {"group","owner":OwnerInfo|null,"since","until","items":[{"at",
// "kind","fingerprint","alertname","actor","text"}]} — the group's alert events and, when the
// namespace has an owner project, that project's deploys and config changes on the cluster
// (deps.recent_changes), merged oldest first (alert events first at equal times).
absl::StatusOr<nlohmann::json> GroupHistory(const AlertsDeps& deps, const GroupHistoryQuery& q);

// One line for an alert event, e.g. "acknowledged by mina.kim", "silenced until <time>".
std::string EventText(const AlertEvent& e);

}  // namespace paved::alerts
