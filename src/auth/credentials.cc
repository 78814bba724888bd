#include "auth/credentials.h"

#include "core/hashing.h"
#include "core/random.h"
#include "core/status_macros.h"
#include "spdlog/spdlog.h"

namespace paved::auth {
namespace {

// Writing last_used_at on every request would turn every read into a write.
constexpr int64_t kLastUsedResolutionMs = 60'000;

absl::Status Unauthenticated(const std::string& why) { return absl::UnauthenticatedError(why); }

Caller CallerFromRow(const store::Row& row) {
  Caller c;
  c.user_id = row.Text("user_id");
  c.login = row.Text("login");
  c.role = ParseRole(row.Text("role")).value_or(Role::kViewer);
  return c;
}

}  // namespace

nlohmann::json ApiTokenToJson(const ApiToken& t) {
  auto opt_time = [](const std::optional<int64_t>& ms) {
    return ms ? nlohmann::json(FormatTimeMs(*ms)) : nlohmann::json(nullptr);
  };
  return {{"id", t.id},
          {"name", t.name},
          {"created_at", FormatTimeMs(t.created_at_ms)},
          {"last_used_at", opt_time(t.last_used_at_ms)},
          {"revoked_at", opt_time(t.revoked_at_ms)}};
}

std::string CookieValue(const std::string& header, const std::string& name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(pos, end - pos);
    size_t first = part.find_first_not_of(' ');
    if (first != std::string::npos) part = part.substr(first);
    if (part.compare(0, name.size() + 1, name + "=") == 0) return part.substr(name.size() + 1);
    pos = end + 1;
  }
  return "";
}

absl::StatusOr<NewSession> Credentials::CreateSession(store::Tx& tx, const std::string& user_id) {
  NewSession s{.token = RandomToken(32),
               .csrf_token = RandomToken(24),
               .expires_at_ms = clock_->NowMs() + session_ttl_ms_};
  RETURN_IF_ERROR(
      tx.Query("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
               "expires_at) VALUES ($1, $2, $3, $4, $5)",
               {Sha256Hex(s.token), user_id, s.csrf_token, clock_->NowMs(), s.expires_at_ms})
          .status());
  return s;
}

absl::Status Credentials::DeleteSession(store::Tx& tx, const std::string& token) {
  return tx.Query("DELETE FROM sessions WHERE token_hash = $1", {Sha256Hex(token)}).status();
}

absl::StatusOr<std::string> Credentials::CreateToken(store::Tx& tx, const std::string& user_id,
                                                     const std::string& name, ApiToken* out) {
  std::string token = kTokenPrefix + RandomToken(32);
  *out = ApiToken{.id = NewId(), .name = name, .created_at_ms = clock_->NowMs()};
  RETURN_IF_ERROR(tx.Query("INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) "
                           "VALUES ($1, $2, $3, $4, $5)",
                           {out->id, user_id, name, Sha256Hex(token), out->created_at_ms})
                      .status());
  return token;
}

absl::StatusOr<std::vector<ApiToken>> Credentials::ListTokens(const std::string& user_id) {
  ASSIGN_OR_RETURN(auto rs, store_->Query("SELECT id, name, created_at, last_used_at, revoked_at "
                                          "FROM api_tokens WHERE user_id = $1 ORDER BY id",
                                          {user_id}));
  std::vector<ApiToken> out;
  for (const auto& row : rs.rows) {
    ApiToken t{
        .id = row.Text("id"), .name = row.Text("name"), .created_at_ms = row.Int("created_at")};
    if (!row.IsNull("last_used_at")) t.last_used_at_ms = row.Int("last_used_at");
    if (!row.IsNull("revoked_at")) t.revoked_at_ms = row.Int("revoked_at");
    out.push_back(t);
  }
  return out;
}

absl::Status Credentials::RevokeToken(store::Tx& tx, const std::string& user_id,
                                      const std::string& id) {
  ASSIGN_OR_RETURN(auto rs, tx.Query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND "
                                     "user_id = $3 AND revoked_at IS NULL",
                                     {clock_->NowMs(), id, user_id}));
  if (rs.affected == 0) return absl::NotFoundError("no active token " + id);
  return absl::OkStatus();
}

absl::Status Credentials::FillTeams(Caller& caller) {
  ASSIGN_OR_RETURN(auto rs, store_->Query("SELECT team_id FROM team_members WHERE user_id = $1",
                                          {caller.user_id}));
  for (const auto& row : rs.rows) caller.team_ids.push_back(row.Text("team_id"));
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Caller>> Credentials::FromSession(const std::string& token) {
  ASSIGN_OR_RETURN(auto rs,
                   store_->Query("SELECT s.user_id, s.csrf_token, s.expires_at, u.login, u.role, "
                                 "u.disabled FROM sessions s JOIN users u ON u.id = s.user_id "
                                 "WHERE s.token_hash = $1",
                                 {Sha256Hex(token)}));
  if (rs.empty()) return Unauthenticated("session expired or unknown; log in again");
  const auto& row = rs.front();
  if (row.Int("expires_at") < clock_->NowMs()) {
    return Unauthenticated("session expired; log in again");
  }
  if (row.Int("disabled")) return Unauthenticated("user is disabled");
  Caller c = CallerFromRow(row);
  c.via_cookie = true;
  c.csrf_token = row.Text("csrf_token");
  RETURN_IF_ERROR(FillTeams(c));
  return c;
}

absl::StatusOr<std::optional<Caller>> Credentials::FromToken(const std::string& token) {
  ASSIGN_OR_RETURN(
      auto rs, store_->Query("SELECT t.id AS token_id, t.user_id, t.last_used_at, u.login, "
                             "u.role, u.disabled FROM api_tokens t JOIN users u ON "
                             "u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
                             {Sha256Hex(token)}));
  if (rs.empty()) return Unauthenticated("invalid or revoked token");
  const auto& row = rs.front();
  if (row.Int("disabled")) return Unauthenticated("user is disabled");
  Caller c = CallerFromRow(row);
  c.token_id = row.Text("token_id");
  int64_t now = clock_->NowMs();
  if (row.IsNull("last_used_at") || now - row.Int("last_used_at") > kLastUsedResolutionMs) {
    // Bookkeeping only: a store that cannot write just now (disk full) must not turn every
    // read away.
    absl::Status touched =
        store_->Query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", {now, c.token_id})
            .status();
    if (!touched.ok()) spdlog::warn("token last_used_at not updated: {}", touched.ToString());
  }
  RETURN_IF_ERROR(FillTeams(c));
  return c;
}

absl::StatusOr<std::optional<Caller>> Credentials::Authenticate(const std::string& auth,
                                                                const std::string& cookie_header) {
  if (!auth.empty()) {
    if (auth.compare(0, 7, "Bearer ") != 0) {
      return Unauthenticated("Authorization must be 'Bearer <token>'");
    }
    return FromToken(auth.substr(7));
  }
  std::string session = CookieValue(cookie_header, kSessionCookie);
  if (!session.empty()) return FromSession(session);
  return std::nullopt;
}

}  // namespace paved::auth
