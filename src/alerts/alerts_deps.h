#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "alerts/alerts_config.h"
#include "alerts/notify/message.h"
#include "alerts/store/alert_store.h"
#include "audit/audit_log.h"
#include "catalog/ownership.h"
#include "core/clock.h"
#include "http/client.h"
#include "jobs/job_queue.h"
#include "store/store.h"

namespace paved::alerts {

// Recent deploys/config changes of a project on a cluster since a time, newest first.
using RecentChangesFn = std::function<absl::StatusOr<std::vector<RecentChange>>(
    const std::string& project, const std::string& cluster, int64_t since_ms)>;

// What every part of the alerts domain is given by the server. Pointers outlive the domain.
struct AlertsDeps {
  store::Store* store = nullptr;
  const Clock* clock = nullptr;
  audit::AuditLog* audit = nullptr;
  jobs::JobQueue* queue = nullptr;
  const AlertsConfig* config = nullptr;
  AlertStore* alerts = nullptr;
  catalog::OwnerLookup* owners = nullptr;
  http::Client* http = nullptr;  // outbound (Slack, webhooks)
  RecentChangesFn recent_changes;
  // Called after a commit that changed groups (ingest, ack, silence, delivery); feeds the live
  // stream. May be empty.
  std::function<void(const std::vector<std::string>& groups)> changed;
};

}  // namespace paved::alerts
