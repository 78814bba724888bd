#pragma once

#include <string>

#include "absl/status/status.h"
#include "http/router.h"

namespace paved::auth {

// The permission rules, in one place.
//   admin      everything
//   sre        manages teams, membership and platform settings; edits every project
//   developer  creates projects for teams they belong to; edits only their teams' projects
//   viewer     reads
// Route-level checks (AccessAllows) run in the dispatcher before every handler; object-level
// checks (Check*) run in handlers once they know the object.

// Whether `caller` (null = anonymous) may call a route with `access`.
bool AccessAllows(http::Access access, const http::Caller* caller);

bool IsMember(const http::Caller& caller, const std::string& team_id);

// OK when `caller` may create or change projects owned by `team_id`; PermissionDenied otherwise.
absl::Status CheckProjectWrite(const http::Caller& caller, const std::string& team_id);

// OK when `caller` may acknowledge or silence an alert owned by the team `owner_team_id` (empty
// when no team of the catalog owns it): sre and admin always; developers only alerts of a team
// they belong to; viewers never. PermissionDenied otherwise.
absl::Status CheckAlertControl(const http::Caller& caller, const std::string& owner_team_id);

}  // namespace paved::auth
