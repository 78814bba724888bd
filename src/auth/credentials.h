#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/caller.h"
#include "core/clock.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::auth {

constexpr char kSessionCookie[] = "paved_session";
constexpr char kTokenPrefix[] = "pvd_";

struct NewSession {
  std::string token;  // goes into the cookie; only its hash is stored
  std::string csrf_token;
  int64_t expires_at_ms = 0;
};

struct ApiToken {
  std::string id;
  std::string name;
  int64_t created_at_ms = 0;
  std::optional<int64_t> last_used_at_ms;
  std::optional<int64_t> revoked_at_ms;
};
nlohmann::json ApiTokenToJson(const ApiToken& t);

// Browser sessions and API tokens (tables sessions, api_tokens). Secrets are stored only as
// SHA-256 hashes: they are long random strings, so a slow hash adds nothing.
class Credentials {
 public:
  Credentials(store::Store* store, const Clock* clock, int64_t session_ttl_ms)
      : store_(store), clock_(clock), session_ttl_ms_(session_ttl_ms) {}

  absl::StatusOr<NewSession> CreateSession(store::Tx& tx, const std::string& user_id);
  absl::Status DeleteSession(store::Tx& tx, const std::string& token);

  // Returns the token text once ("pvd_..."); `out` gets its record.
  absl::StatusOr<std::string> CreateToken(store::Tx& tx, const std::string& user_id,
                                          const std::string& name, ApiToken* out);
  absl::StatusOr<std::vector<ApiToken>> ListTokens(const std::string& user_id);
  // NotFound unless the token belongs to `user_id` and is not yet revoked.
  absl::Status RevokeToken(store::Tx& tx, const std::string& user_id, const std::string& id);

  // Resolves a request's Authorization header (a bearer token) or, when that is empty, its
  // session cookie (from the Cookie header) to the caller. nullopt: no credentials sent.
  // Unauthenticated: credentials sent but unknown, expired, revoked, or the user is disabled.
  absl::StatusOr<std::optional<Caller>> Authenticate(const std::string& authorization,
                                                     const std::string& cookie_header);

 private:
  absl::StatusOr<std::optional<Caller>> FromSession(const std::string& token);
  absl::StatusOr<std::optional<Caller>> FromToken(const std::string& token);
  absl::Status FillTeams(Caller& caller);
  store::Store* store_;
  const Clock* clock_;
  int64_t session_ttl_ms_;
};

// The value of cookie `name` in a Cookie header, or "".
std::string CookieValue(const std::string& cookie_header, const std::string& name);

}  // namespace paved::auth
