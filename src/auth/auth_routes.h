#pragma once

#include "audit/audit_log.h"
#include "auth/credentials.h"
#include "auth/login_throttle.h"
#include "auth/users.h"
#include "http/forwarded.h"
#include "http/router.h"

namespace paved::auth {

// Longer logins are refused before any lookup: no user has one (IsValidLogin allows 64).
inline constexpr size_t kMaxLoginInputBytes = 256;

struct AuthDeps {
  store::Store* store;
  UserStore* users;
  Credentials* credentials;
  LoginThrottle* throttle;
  audit::AuditLog* audit;
  int64_t session_ttl_ms;
  // Who may tell us the client's address and scheme (X-Forwarded-For, X-Forwarded-Proto).
  http::TrustedProxies proxies;
  // The server's public URL is https: every session cookie is Secure.
  bool https_public_url = false;
};

// /api/v1/auth/*, /me, /users, /tokens.
// Login: `login` is at most kMaxLoginInputBytes (else 422 naming the field); failures are
// throttled per (login, client address) and audited without the name unless it is a user's
// (unknown logins: actor "anonymous", subject "auth:unknown-login", summary {"client"}). The
// session cookie is HttpOnly, SameSite=Lax, and Secure when the public URL is https or a trusted
// proxy says the request came over https.
std::vector<http::Route> AuthRoutes(const AuthDeps& deps);

}  // namespace paved::auth
