#pragma once

#include <string>
#include <vector>

#include "core/role.h"

namespace paved {

// Who may call an operation, by role. The HTTP dispatcher enforces it before a route's handler
// runs; finer checks that depend on the object (a developer editing only their teams' projects)
// are the named rules of auth/permissions.h.
enum class Access {
  kPublic,     // anyone, no credentials (health, login, openapi)
  kViewer,     // any signed-in user
  kDeveloper,  // developer, sre, admin
  kSre,        // sre, admin
  kAdmin,      // admin only
};

// The authenticated caller of an operation: a user signed in by session cookie or API token.
// Domains take it to decide permissions and to name the actor in the audit log; how the caller
// was authenticated is the transport's business, kept here only for the CSRF check.
struct Caller {
  std::string user_id;
  std::string login;
  Role role = Role::kViewer;
  std::vector<std::string> team_ids;
  bool via_cookie = false;  // cookie sessions must pass the CSRF check on mutations
  std::string csrf_token;   // of the cookie session
  std::string token_id;     // of the API token, when authenticated by one
};

}  // namespace paved
