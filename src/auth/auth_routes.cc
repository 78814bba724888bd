#include "auth/auth_routes.h"

#include "absl/strings/numbers.h"
#include "auth/auth_schemas.h"
#include "auth/password.h"
#include "core/status_macros.h"
#include "http/errors.h"

namespace paved::auth {
namespace {

using http::Access;
using http::Context;
using http::FieldType;
using http::Response;

const std::vector<std::string> kRoleNames = {"admin", "sre", "developer", "viewer"};

// A verification against this keeps unknown logins as slow as wrong passwords.
const std::string& DummyHash() {
  static const std::string hash = HashPassword("not-a-real-password").value_or("");
  return hash;
}

std::string SessionCookie(const std::string& value, int64_t max_age_s, bool secure) {
  return std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Lax" +
         (secure ? "; Secure" : "") + "; Max-Age=" + std::to_string(max_age_s);
}

// Bounds what an anonymous caller can make us hash, look up and store.
absl::Status CheckLoginInput(const std::string& login, const std::string& password) {
  if (login.empty() || login.size() > kMaxLoginInputBytes) {
    return http::InvalidField(
        "login", "login must be 1 to " + std::to_string(kMaxLoginInputBytes) + " bytes");
  }
  if (password.size() > kMaxPasswordBytes) {
    return http::InvalidField(
        "password", "password must be at most " + std::to_string(kMaxPasswordBytes) + " bytes");
  }
  return absl::OkStatus();
}

class AuthApi {
 public:
  explicit AuthApi(const AuthDeps& d) : d_(d) {}

  absl::StatusOr<Response> Login(Context& ctx) {
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, {{.name = "login", .required = true},
                                                          {.name = "password", .required = true}}));
    std::string login = body["login"], password = body["password"];
    RETURN_IF_ERROR(CheckLoginInput(login, password));
    std::string client = d_.proxies.ClientAddress(ctx.req);
    ASSIGN_OR_RETURN(int64_t locked_ms, d_.throttle->LockedForMs(login, client));
    if (locked_ms > 0) return Locked(locked_ms);
    ASSIGN_OR_RETURN(auto user, d_.users->FindByLogin(login));
    bool ok = VerifyPassword(password, user ? user->password_hash : DummyHash());
    if (!ok || !user || user->disabled) {
      RETURN_IF_ERROR(d_.throttle->RecordFailure(login, client));
      RETURN_IF_ERROR(AuditFailedLogin(user ? login : "", client));
      return absl::UnauthenticatedError("invalid login or password");
    }
    RETURN_IF_ERROR(d_.throttle->RecordSuccess(login, client));
    NewSession session;
    RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(session, d_.credentials->CreateSession(tx, user->id));
      return d_.audit->Append(tx, login, "auth.login", "user:" + login, {});
    }));
    d_.audit->Published();
    Response r =
        http::JsonResponse(200, {{"user", UserToJson(*user)}, {"csrf_token", session.csrf_token}});
    r.headers.push_back(
        {"Set-Cookie", SessionCookie(session.token, d_.session_ttl_ms / 1000, SecureCookie(ctx))});
    return r;
  }

  absl::StatusOr<Response> Logout(Context& ctx) {
    std::string token = CookieValue(ctx.req.Header("Cookie"), kSessionCookie);
    RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
      if (!token.empty()) RETURN_IF_ERROR(d_.credentials->DeleteSession(tx, token));
      return d_.audit->Append(tx, ctx.caller->login, "auth.logout", "user:" + ctx.caller->login,
                              {});
    }));
    d_.audit->Published();
    Response r = http::NoContent();
    r.headers.push_back({"Set-Cookie", SessionCookie("", 0, SecureCookie(ctx))});
    return r;
  }

  absl::StatusOr<Response> Me(Context& ctx) {
    ASSIGN_OR_RETURN(User user, LoadUser(ctx.caller->login));
    nlohmann::json out = UserToJson(user);
    if (ctx.caller->via_cookie) out["csrf_token"] = ctx.caller->csrf_token;
    return http::JsonResponse(200, out);
  }

  absl::StatusOr<Response> CreateUser(Context& ctx) {
    ASSIGN_OR_RETURN(
        auto body,
        http::ParseBody(ctx.req, {
                                     {.name = "login", .required = true},
                                     {.name = "password", .required = true},
                                     {.name = "role", .required = true, .one_of = kRoleNames},
                                 }));
    std::string login = body["login"], password = body["password"];
    if (!IsValidLogin(login)) {
      return http::InvalidField("login",
                                "login may hold a-z, 0-9, '.', '_' and '-' (at most 64), "
                                "starting with a letter or digit");
    }
    RETURN_IF_ERROR(CheckPasswordStrength(password));
    ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
    Role role = *ParseRole(body["role"].get<std::string>());
    User user;
    RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
      auto created = d_.users->Create(tx, login, hash, role);
      if (absl::IsAlreadyExists(created.status())) {
        return http::ApiError(absl::StatusCode::kAlreadyExists, "conflict",
                              "login " + login + " is taken", "login");
      }
      if (!created.ok()) return created.status();
      user = *created;
      return d_.audit->Append(tx, ctx.caller->login, "user.create", "user:" + login,
                              {{"role", RoleName(role)}});
    }));
    d_.audit->Published();
    return http::JsonResponse(201, UserToJson(user));
  }

  absl::StatusOr<Response> ListUsers(Context& ctx) {
    ASSIGN_OR_RETURN(auto page, http::ParsePage(ctx.req));
    ASSIGN_OR_RETURN(auto users, d_.users->List(page.limit + 1, page.cursor));
    std::string next;
    if (static_cast<int>(users.size()) > page.limit) {
      users.resize(page.limit);
      next = users.back().login;
    }
    nlohmann::json items = nlohmann::json::array();
    for (const User& u : users) items.push_back(UserToJson(u));
    return http::PageResponse(items, next);
  }

  absl::StatusOr<Response> UpdateUser(Context& ctx) {
    ASSIGN_OR_RETURN(auto body,
                     http::ParseBody(ctx.req, {
                                                  {.name = "role", .one_of = kRoleNames},
                                                  {.name = "disabled", .type = FieldType::kBool},
                                                  {.name = "password"},
                                              }));
    std::string login = ctx.Param("login");
    if (login == ctx.caller->login && (body.contains("disabled") || body.contains("role"))) {
      return http::InvalidField(body.contains("role") ? "role" : "disabled",
                                "you cannot change your own role or disable yourself");
    }
    if (body.contains("password")) RETURN_IF_ERROR(CheckPasswordStrength(body["password"]));
    User user;
    nlohmann::json summary = nlohmann::json::object();
    RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(auto found, d_.users->FindByLoginTx(tx, login));
      if (!found) return absl::NotFoundError("no user " + login);
      user = *found;
      if (body.contains("role")) {
        summary["role"] = {{"from", RoleName(user.role)}, {"to", body["role"]}};
        user.role = *ParseRole(body["role"].get<std::string>());
      }
      if (body.contains("disabled")) {
        summary["disabled"] = {{"from", user.disabled}, {"to", body["disabled"]}};
        user.disabled = body["disabled"];
      }
      if (body.contains("password")) {
        ASSIGN_OR_RETURN(user.password_hash, HashPassword(body["password"]));
        summary["password"] = "changed";
      }
      RETURN_IF_ERROR(d_.users->Update(tx, user));
      if (user.disabled) {  // a disabled user loses every session at once
        RETURN_IF_ERROR(tx.Query("DELETE FROM sessions WHERE user_id = $1", {user.id}).status());
      }
      return d_.audit->Append(tx, ctx.caller->login, "user.update", "user:" + login, summary);
    }));
    d_.audit->Published();
    ASSIGN_OR_RETURN(user, LoadUser(login));
    return http::JsonResponse(200, UserToJson(user));
  }

  absl::StatusOr<Response> CreateToken(Context& ctx) {
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, {{.name = "name", .required = true}}));
    std::string name = body["name"];
    if (name.empty() || name.size() > 100) {
      return http::InvalidField("name", "name must be 1 to 100 characters");
    }
    ApiToken record;
    std::string token;
    RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(token, d_.credentials->CreateToken(tx, ctx.caller->user_id, name, &record));
      return d_.audit->Append(tx, ctx.caller->login, "token.create", "token:" + record.id,
                              {{"name", name}});
    }));
    d_.audit->Published();
    nlohmann::json out = ApiTokenToJson(record);
    out["token"] = token;
    return http::JsonResponse(201, out);
  }

  absl::StatusOr<Response> ListTokens(Context& ctx) {
    ASSIGN_OR_RETURN(auto tokens, d_.credentials->ListTokens(ctx.caller->user_id));
    nlohmann::json items = nlohmann::json::array();
    for (const ApiToken& t : tokens) items.push_back(ApiTokenToJson(t));
    return http::PageResponse(items, "");
  }

  absl::StatusOr<Response> RevokeToken(Context& ctx) {
    std::string id = ctx.Param("id");
    RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
      RETURN_IF_ERROR(d_.credentials->RevokeToken(tx, ctx.caller->user_id, id));
      return d_.audit->Append(tx, ctx.caller->login, "token.revoke", "token:" + id, {});
    }));
    d_.audit->Published();
    return http::NoContent();
  }

 private:
  absl::StatusOr<User> LoadUser(const std::string& login) {
    ASSIGN_OR_RETURN(auto user, d_.users->FindByLogin(login));
    if (!user) return absl::NotFoundError("no user " + login);
    return *user;
  }

  absl::StatusOr<Response> Locked(int64_t locked_ms) {
    Response r = http::ErrorFromStatus(http::ApiError(
        absl::StatusCode::kResourceExhausted, "rate_limited",
        "too many failed logins; try again in " + std::to_string(locked_ms / 1000 + 1) + " s"));
    r.headers.push_back({"Retry-After", std::to_string(locked_ms / 1000 + 1)});
    return r;
  }

  bool SecureCookie(const Context& ctx) const {
    return d_.https_public_url || d_.proxies.ForwardedHttps(ctx.req);
  }

  // Every viewer reads the audit log: a login that is no user's (perhaps a password typed in
  // the wrong field) is never written down. `login` is "" for an unknown login.
  absl::Status AuditFailedLogin(const std::string& login, const std::string& client) {
    std::string actor = login.empty() ? "anonymous" : login;
    std::string subject = login.empty() ? "auth:unknown-login" : "user:" + login;
    RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) {
      return d_.audit->Append(tx, actor, "auth.login_failed", subject, {{"client", client}});
    }));
    d_.audit->Published();
    return absl::OkStatus();
  }

  AuthDeps d_;
};

}  // namespace

std::vector<http::Route> AuthRoutes(const AuthDeps& deps) {
  auto api = std::make_shared<AuthApi>(deps);
  const std::string tag = "auth";
  return {
      {
          .method = "POST",
          .path = "/api/v1/auth/login",
          .access = Access::kPublic,
          .summary = "Log in with a password; sets the "
                     "session cookie and returns the CSRF token",
          .tag = tag,
          .request = http::BodySchema{{.name = "login", .required = true},
                                      {.name = "password", .required = true}},
          .response = LoginSchema(),
          .handler = http::Bind(api, &AuthApi::Login),
      },
      {
          .method = "POST",
          .path = "/api/v1/auth/logout",
          .access = Access::kViewer,
          .summary = "End the browser session",
          .tag = tag,
          .success = 204,
          .handler = http::Bind(api, &AuthApi::Logout),
      },
      {
          .method = "GET",
          .path = "/api/v1/me",
          .access = Access::kViewer,
          .summary = "The signed-in user",
          .tag = tag,
          .response = MeSchema(),
          .handler = http::Bind(api, &AuthApi::Me),
      },
      {
          .method = "POST",
          .path = "/api/v1/users",
          .access = Access::kAdmin,
          .summary = "Create a user",
          .tag = "users",
          .request = http::BodySchema{{.name = "login", .required = true},
                                      {.name = "password", .required = true},
                                      {.name = "role", .required = true, .one_of = kRoleNames}},
          .response = UserSchema(),
          .success = 201,
          .handler = http::Bind(api, &AuthApi::CreateUser),
      },
      {
          .method = "GET",
          .path = "/api/v1/users",
          .access = Access::kSre,
          .summary = "List users",
          .tag = "users",
          .query = {"limit", "cursor"},
          .response = UserPageSchema(),
          .handler = http::Bind(api, &AuthApi::ListUsers),
      },
      {
          .method = "PATCH",
          .path = "/api/v1/users/{login}",
          .access = Access::kAdmin,
          .summary = "Change a user's role, password, or disable them",
          .tag = "users",
          .request = http::BodySchema{{.name = "role", .one_of = kRoleNames},
                                      {.name = "disabled", .type = FieldType::kBool},
                                      {.name = "password"}},
          .response = UserSchema(),
          .handler = http::Bind(api, &AuthApi::UpdateUser),
      },
      {
          .method = "POST",
          .path = "/api/v1/tokens",
          .access = Access::kViewer,
          .summary = "Create an API token (shown once) for the caller",
          .tag = "tokens",
          .request = http::BodySchema{{.name = "name", .required = true}},
          .response = CreatedApiTokenSchema(),
          .success = 201,
          .handler = http::Bind(api, &AuthApi::CreateToken),
      },
      {
          .method = "GET",
          .path = "/api/v1/tokens",
          .access = Access::kViewer,
          .summary = "List the caller's API tokens",
          .tag = "tokens",
          .response = ApiTokenPageSchema(),
          .handler = http::Bind(api, &AuthApi::ListTokens),
      },
      {
          .method = "DELETE",
          .path = "/api/v1/tokens/{id}",
          .access = Access::kViewer,
          .summary = "Revoke one of the caller's tokens",
          .tag = "tokens",
          .success = 204,
          .handler = http::Bind(api, &AuthApi::RevokeToken),
      },
  };
}

}  // namespace paved::auth
