#include "alerts/delivery/current_message.h"

#include <optional>

#include "core/status_macros.h"

namespace paved::alerts {

absl::StatusOr<CurrentMessage> RenderCurrentMessage(const AlertsDeps& deps,
                                                    const std::string& group_key) {
  const AlertsConfig& config = *deps.config;
  CurrentMessage m;
  m.now_ms = deps.clock->NowMs();
  ASSIGN_OR_RETURN(m.alerts, deps.alerts->Group(group_key, config.resolved_keep_ms));
  auto [cluster, ns] = SplitGroupKey(group_key);
  std::optional<catalog::OwnerInfo> owner;
  if (deps.owners != nullptr) {
    ASSIGN_OR_RETURN(owner, deps.owners->ByNamespace(ns, cluster));
  }
  m.destination = ResolveDestination(config, owner, m.alerts);
  GroupView view{.group_key = group_key,
                 .cluster = cluster,
                 .ns = ns,
                 .owner = owner,
                 .destination = m.destination,
                 .alerts = m.alerts,
                 .changes = {},
                 .now_ms = m.now_ms};
  if (owner && !owner->project.empty() && deps.recent_changes) {
    ASSIGN_OR_RETURN(view.changes, deps.recent_changes(owner->project, cluster,
                                                       m.now_ms - config.context_window_ms));
  }
  m.rendered = RenderGroupMessage(view, config);
  return m;
}

}  // namespace paved::alerts
