#include <algorithm>
#include <map>

#include "alerts/delivery/delivery.h"
#include "core/status_macros.h"

namespace paved::alerts {

absl::Status AlertDelivery::Remind() {
  if (deps_.config->reminders.empty()) return absl::OkStatus();
  const int64_t now = deps_.clock->NowMs();
  ASSIGN_OR_RETURN(std::vector<Alert> alerts, deps_.alerts->FiringUnhandled());
  std::map<std::string, std::vector<const Alert*>> due;  // group → due alerts
  for (const Alert& a : alerts) {
    if (a.status != AlertStatus::kFiring || a.acknowledged() || a.silenced(now)) continue;
    std::optional<int64_t> every = ReminderInterval(*deps_.config, a);
    if (!every || *every <= 0) continue;
    int64_t since = std::max(a.last_reminded_ms.value_or(0),
                             a.starts_at_ms > 0 ? a.starts_at_ms : a.first_seen_ms);
    if (now - since >= *every) due[a.group_key()].push_back(&a);
  }
  std::vector<std::string> groups;
  for (const auto& [group, list] : due) {
    std::vector<std::string> fingerprints;
    nlohmann::json names = nlohmann::json::array();
    for (const Alert* a : list) {
      fingerprints.push_back(a->fingerprint);
      names.push_back(a->alertname);
    }
    AlertEvent e{.at_ms = now, .group_key = group, .kind = "reminded"};
    e.detail = {{"fingerprints", fingerprints}, {"alertnames", names}};
    RETURN_IF_ERROR(deps_.store->Transaction([&](store::Tx& tx) {
      RETURN_IF_ERROR(deps_.alerts->AddEvent(tx, e, /*thread_pending=*/true));
      RETURN_IF_ERROR(deps_.alerts->MarkReminded(tx, fingerprints, now));
      return deps_.alerts->EnqueueDelivery(tx, group);
    }));
    groups.push_back(group);
  }
  if (!groups.empty() && deps_.changed) deps_.changed(groups);
  return absl::OkStatus();
}

}  // namespace paved::alerts
