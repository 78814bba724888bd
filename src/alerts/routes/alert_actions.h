#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "alerts/alert.h"
#include "alerts/alerts_deps.h"
#include "catalog/teams.h"
#include "core/caller.h"

namespace paved::alerts {

enum class AlertAction { kAck, kSilence, kUnsilence };

struct ActionRequest {
  AlertAction action = AlertAction::kAck;
  int64_t until_ms = 0;  // kSilence only
  std::string comment;   // recorded in the audit event when set
};

// "alert.ack" | "alert.silence" | "alert.unsilence".
std::string AuditAction(AlertAction action);

// OK when `caller` may acknowledge or silence `alert`: finds the owner team by the slug the alert
// names and applies auth::CheckAlertControl (an unknown slug counts as unowned). PermissionDenied
// otherwise, naming the alert's team when it has one.
absl::Status CheckAlertControl(const Caller& caller, const Alert& alert, catalog::TeamStore& teams);

// Applies `request` to every alert of `alerts` as `actor`, in one transaction, each with its
// audit event ("alert:<fingerprint>", summary {"group","alertname","until"?,"comment"?}). After
// the commit wakes audit streams and calls deps.changed with the groups touched. Errors of the
// store (NotFound, FailedPrecondition for an ack of a resolved alert) abort the whole change.
absl::Status ApplyAlertAction(const AlertsDeps& deps, const std::vector<Alert>& alerts,
                              const ActionRequest& request, const std::string& actor);

}  // namespace paved::alerts
