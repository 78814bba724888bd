#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "monitoring/grafana/delivery_store.h"
#include "monitoring/grafana/grafana_client.h"

namespace paved::monitoring::grafana {

// A change of a project worth a mark on its dashboards: a deploy, a rollback, a config or secret
// change, a spec push (from the audit log, see deploy/rollout/recent_changes.h).
struct Change {
  int64_t seq = 0;    // audit sequence; changes are annotated once, in sequence order
  int64_t at_ms = 0;  // when it happened
  std::string kind;   // "deploy", "rollback", "config", ...
  std::string actor;
  std::string environment;
  std::string text;
};

// The changes of a delivered namespace dashboard's project and cluster with a sequence above
// `after_seq` (and at or after `since_ms`).
using ChangesSince = std::function<absl::StatusOr<std::vector<Change>>(
    const Delivery& dashboard, int64_t after_seq, int64_t since_ms)>;

// Posts each new change as an annotation (tags paved, the change's kind and environment; text
// "<kind> by <actor>: <text>") on every delivered namespace dashboard, oldest first, and
// remembers the last annotated sequence in the dashboard's row, so a change is posted once.
// A dashboard never annotated starts at the changes of its first delivery.
// On success returns the number of annotations posted. Stops at the first Grafana or store
// error (what was posted so far is remembered).
absl::StatusOr<int> AnnotateChanges(Client* grafana, DeliveryStore* store,
                                    const ChangesSince& changes);

}  // namespace paved::monitoring::grafana
