#include "auth/permissions.h"

#include <algorithm>

namespace paved::auth {

bool AccessAllows(Access access, const Caller* caller) {
  if (access == Access::kPublic) return true;
  if (caller == nullptr) return false;
  switch (access) {
    case Access::kPublic:
    case Access::kViewer:
      return true;
    case Access::kDeveloper:
      return RoleAtLeast(caller->role, Role::kDeveloper);
    case Access::kSre:
      return RoleAtLeast(caller->role, Role::kSre);
    case Access::kAdmin:
      return caller->role == Role::kAdmin;
  }
  return false;
}

bool IsMember(const Caller& caller, const std::string& team_id) {
  return std::find(caller.team_ids.begin(), caller.team_ids.end(), team_id) !=
         caller.team_ids.end();
}

absl::Status CheckProjectWrite(const Caller& caller, const std::string& team_id) {
  if (RoleAtLeast(caller.role, Role::kSre)) return absl::OkStatus();
  if (caller.role == Role::kDeveloper && IsMember(caller, team_id)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      caller.role == Role::kDeveloper
          ? "developers may only change projects of teams they belong to"
          : "your role may not change projects");
}

absl::Status CheckAlertControl(const Caller& caller, const std::string& owner_team_id) {
  if (RoleAtLeast(caller.role, Role::kSre)) return absl::OkStatus();
  if (caller.role != Role::kDeveloper) {
    return absl::PermissionDeniedError("your role may not acknowledge or silence alerts");
  }
  if (owner_team_id.empty()) {
    return absl::PermissionDeniedError("only sre and admin may act on unowned alerts");
  }
  if (!IsMember(caller, owner_team_id)) {
    return absl::PermissionDeniedError("developers may only act on alerts of teams they belong to");
  }
  return absl::OkStatus();
}

absl::Status CheckProjectTransfer(const Caller& caller, const std::string& from_team_id,
                                  bool orphaned, const std::string& to_team_id) {
  if (RoleAtLeast(caller.role, Role::kSre)) return absl::OkStatus();
  if (caller.role == Role::kDeveloper) {
    if (IsMember(caller, from_team_id)) return absl::OkStatus();
    if (orphaned && IsMember(caller, to_team_id)) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "only the owner team's members, sre and admins may transfer this project");
}

absl::Status CheckResourceOwnerChange(const Caller& caller, bool orphaned,
                                      const std::string& to_team_id) {
  if (RoleAtLeast(caller.role, Role::kSre)) return absl::OkStatus();
  if (!orphaned) {
    return absl::PermissionDeniedError(
        "only sre or admin may change the owner of an owned resource");
  }
  if (to_team_id.empty() || !IsMember(caller, to_team_id)) {
    return absl::PermissionDeniedError(
        "a developer may claim an orphaned resource only for a team they belong to");
  }
  return absl::OkStatus();
}

bool CanManageTeams(const Caller& caller) { return RoleAtLeast(caller.role, Role::kSre); }

bool CanImportFromServerPath(const Caller& caller) { return RoleAtLeast(caller.role, Role::kSre); }

bool CanManageResourceStandards(const Caller& caller) {
  return RoleAtLeast(caller.role, Role::kSre);
}

bool CanLiftDeletionProtection(const Caller& caller) {
  return RoleAtLeast(caller.role, Role::kSre);
}

bool CanApproveAnyProject(const Caller& caller) { return RoleAtLeast(caller.role, Role::kSre); }

bool SeesAllApprovals(const Caller& caller) { return CanApproveAnyProject(caller); }

bool CanChangeClusterCredentials(const Caller& caller) { return caller.role == Role::kAdmin; }

bool CanSeeClusterCredentials(const Caller& caller) { return caller.role == Role::kAdmin; }

absl::Status CheckBudgetRequest(const Caller& caller, const std::string& team_id) {
  if (RoleAtLeast(caller.role, Role::kSre)) return absl::OkStatus();
  if (caller.role == Role::kDeveloper && IsMember(caller, team_id)) return absl::OkStatus();
  return absl::PermissionDeniedError(caller.role == Role::kDeveloper
                                         ? "developers may only ask for budgets of their teams"
                                         : "your role may not ask for budgets");
}

bool CanApproveBudgets(const Caller& caller) { return RoleAtLeast(caller.role, Role::kSre); }

bool SeesAllBudgets(const Caller& caller) { return RoleAtLeast(caller.role, Role::kSre); }

bool SeesAllCost(const Caller& caller) { return RoleAtLeast(caller.role, Role::kSre); }

}  // namespace paved::auth
