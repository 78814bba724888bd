#pragma once

#include "audit/audit_log.h"
#include "auth/credentials.h"
#include "auth/login_throttle.h"
#include "auth/users.h"
#include "http/router.h"

namespace paved::auth {

struct AuthDeps {
  store::Store* store;
  UserStore* users;
  Credentials* credentials;
  LoginThrottle* throttle;
  audit::AuditLog* audit;
  int64_t session_ttl_ms;
};

// /api/v1/auth/*, /me, /users, /tokens.
void RegisterAuthRoutes(http::Router& router, const AuthDeps& deps);

}  // namespace paved::auth
