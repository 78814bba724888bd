#include "alerts/routes/alert_actions.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "auth/permissions.h"
#include "core/clock.h"
#include "core/status_macros.h"

namespace paved::alerts {
namespace {

absl::Status Apply(const AlertsDeps& deps, store::Tx& tx, const Alert& alert,
                   const ActionRequest& request, const std::string& actor) {
  nlohmann::json summary = {{"group", alert.group_key()}, {"alertname", alert.alertname}};
  switch (request.action) {
    case AlertAction::kAck:
      RETURN_IF_ERROR(deps.alerts->Ack(tx, alert.fingerprint, actor));
      break;
    case AlertAction::kSilence:
      RETURN_IF_ERROR(deps.alerts->Silence(tx, alert.fingerprint, actor, request.until_ms));
      summary["until"] = FormatTimeMs(request.until_ms);
      break;
    case AlertAction::kUnsilence:
      RETURN_IF_ERROR(deps.alerts->Unsilence(tx, alert.fingerprint, actor));
      break;
  }
  if (!request.comment.empty()) summary["comment"] = request.comment;
  return deps.audit->Append(tx, actor, AuditAction(request.action), "alert:" + alert.fingerprint,
                            std::move(summary));
}

}  // namespace

std::string AuditAction(AlertAction action) {
  switch (action) {
    case AlertAction::kAck:
      return "alert.ack";
    case AlertAction::kSilence:
      return "alert.silence";
    case AlertAction::kUnsilence:
      return "alert.unsilence";
  }
  return "alert.unknown";
}

absl::Status CheckAlertControl(const Caller& caller, const Alert& alert,
                               catalog::TeamStore& teams) {
  std::string owner_team_id;
  if (alert.owned()) {
    ASSIGN_OR_RETURN(auto team, teams.FindBySlug(alert.team));
    if (team) owner_team_id = team->id;
  }
  absl::Status allowed = auth::CheckAlertControl(caller, owner_team_id);
  if (!allowed.ok() && alert.owned()) {
    return absl::PermissionDeniedError(
        absl::StrCat(allowed.message(), " (this one: ", alert.team, ")"));
  }
  return allowed;
}

absl::Status ApplyAlertAction(const AlertsDeps& deps, const std::vector<Alert>& alerts,
                              const ActionRequest& request, const std::string& actor) {
  if (alerts.empty()) return absl::OkStatus();
  RETURN_IF_ERROR(deps.store->Transaction([&](store::Tx& tx) -> absl::Status {
    for (const Alert& alert : alerts) RETURN_IF_ERROR(Apply(deps, tx, alert, request, actor));
    return absl::OkStatus();
  }));
  deps.audit->Published();
  if (deps.changed) {
    std::vector<std::string> groups;
    for (const Alert& alert : alerts) {
      if (std::find(groups.begin(), groups.end(), alert.group_key()) == groups.end()) {
        groups.push_back(alert.group_key());
      }
    }
    deps.changed(groups);
  }
  return absl::OkStatus();
}

}  // namespace paved::alerts
