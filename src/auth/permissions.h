#pragma once

#include <string>

#include "absl/status/status.h"
#include "core/caller.h"

namespace paved::auth {

// The permission rules, in one place.
//   admin      everything
//   sre        manages teams, membership and platform settings (not clusters' endpoints and
//              credentials); edits every project
//   developer  creates projects for teams they belong to; edits only their teams' projects
//   viewer     reads
// Route-level checks (AccessAllows) run in the dispatcher before every handler; object-level
// checks (Check*) run in handlers once they know the object.

// Whether `caller` (null = anonymous) may call a route with `access`.
bool AccessAllows(Access access, const Caller* caller);

bool IsMember(const Caller& caller, const std::string& team_id);

// OK when `caller` may create or change projects owned by `team_id`; PermissionDenied otherwise.
// The same rule covers what belongs to a project: its incidents, their whys, lessons, actions
// and notes (every signed-in user reads them).
absl::Status CheckProjectWrite(const Caller& caller, const std::string& team_id);

// OK when `caller` may acknowledge or silence an alert owned by the team `owner_team_id` (empty
// when no team of the catalog owns it): sre and admin always; developers only alerts of a team
// they belong to; viewers never. PermissionDenied otherwise.
absl::Status CheckAlertControl(const Caller& caller, const std::string& owner_team_id);

// OK when `caller` may transfer a project owned by `from_team_id` to `to_team_id`: sre and admin
// always; a developer of the owner team hands it on; a developer of `to_team_id` claims an
// orphan (`orphaned`). PermissionDenied otherwise.
absl::Status CheckProjectTransfer(const Caller& caller, const std::string& from_team_id,
                                  bool orphaned, const std::string& to_team_id);

// OK when `caller` may set the owner of a cloud resource to `to_team_id` (empty: no team): sre
// and admin always; anyone else only claims an orphaned resource (`orphaned`) for a team they
// belong to. PermissionDenied otherwise.
absl::Status CheckResourceOwnerChange(const Caller& caller, bool orphaned,
                                      const std::string& to_team_id);

// Whether `caller` may create, change or dissolve teams and their members (directly or through
// Groups of a catalog import): sre and admin.
bool CanManageTeams(const Caller& caller);

// Whether `caller` may import a catalog from a location the server reads (a URL or a path on
// the server's disk) rather than from YAML in the request: sre and admin.
bool CanImportFromServerPath(const Caller& caller);

// Whether `caller` may approve deployments of every project, whoever owns it: sre and admin.
// Everyone else approves only as a lead of the project's owner team (never their own request).
bool CanApproveAnyProject(const Caller& caller);

// Whether the approvals list shows `caller` every pending deployment (those who may approve any
// project) rather than those of teams they lead.
bool SeesAllApprovals(const Caller& caller);

// Whether `caller` may set a cluster's endpoint or credentials reference (when creating it or
// changing either): admin only. Together they decide where Paved sends a secret, so an sre who
// manages clusters otherwise cannot point a token at an endpoint of their choosing.
bool CanChangeClusterCredentials(const Caller& caller);

// Whether `caller` may read a cluster's credentials reference: admin only; the API leaves the
// field out for everyone else.
bool CanSeeClusterCredentials(const Caller& caller);

// Whether `caller` may set the company standard for resources (defaults profiles): sre and admin.
bool CanManageResourceStandards(const Caller& caller);
// Whether `caller` may lift a resource's deletion protection: sre and admin. Anyone who may
// change the project may turn it on.
bool CanLiftDeletionProtection(const Caller& caller);

// OK when `caller` may ask for a budget of team `team_id` (or see its requests and budget): sre
// and admin for every team, anyone else for teams they belong to (developers ask; viewers only
// read). PermissionDenied otherwise.
absl::Status CheckBudgetRequest(const Caller& caller, const std::string& team_id);
// Whether `caller` may approve or reject budget requests: sre and admin (a finance role could
// join them). Never their own request, which the budgets domain refuses.
bool CanApproveBudgets(const Caller& caller);
// Whether `caller` sees every team's budgets and requests (sre and admin) rather than only their
// teams'.
bool SeesAllBudgets(const Caller& caller);
// Whether `caller` sees every team's cost: sre and admin. Everyone else sees the cost of the teams
// they belong to and the cost nobody owns.
bool SeesAllCost(const Caller& caller);

}  // namespace paved::auth
