#include <memory>
#include <ostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "core/status_macros.h"
#include "http/client.h"

namespace paved::cli {
namespace {

struct LoginArgs {
  std::string login;
};

// "name=value" pairs of every Set-Cookie header, ready for a Cookie header.
std::string CookieHeader(const http::ClientResponse& response) {
  std::vector<std::string> cookies;
  for (const std::string& set_cookie : response.Headers("Set-Cookie")) {
    cookies.push_back(set_cookie.substr(0, set_cookie.find(';')));
  }
  return absl::StrJoin(cookies, "; ");
}

absl::StatusOr<std::string> ResolveLogin(Context& ctx, const std::string& flag) {
  if (!flag.empty()) return flag;
  std::string login = ctx.env().user;
  if (ctx.env().interactive) {
    ASSIGN_OR_RETURN(std::string typed, ctx.env().read_line("Login [" + login + "]: ", false));
    if (!typed.empty()) login = typed;
  }
  if (login.empty()) return absl::InvalidArgumentError("no login name: pass --login NAME");
  return login;
}

absl::StatusOr<Credentials> LoginWithToken(Context& ctx, const std::string& server) {
  ApiClient api(*ctx.env().http, server, ctx.global().token);
  ASSIGN_OR_RETURN(nlohmann::json me, api.Get("/me"));
  return Credentials{server, ctx.global().token, "", Text(me, "login")};
}

// Password session → API token; the session is ended before returning.
absl::StatusOr<Credentials> LoginWithPassword(Context& ctx, const std::string& server,
                                              const std::string& login) {
  ASSIGN_OR_RETURN(std::string password, ctx.env().read_line("Password: ", true));
  ApiClient api(*ctx.env().http, server, "");
  const nlohmann::json credentials = {{"login", login}, {"password", password}};
  ASSIGN_OR_RETURN(http::ClientResponse session, api.Send("POST", "/auth/login", &credentials));
  const nlohmann::json answer = nlohmann::json::parse(session.body, nullptr, false);
  const http::ClientHeaders session_headers = {{"Cookie", CookieHeader(session)},
                                               {"X-CSRF-Token", Text(answer, "csrf_token")}};
  if (session_headers[0].second.empty()) {
    return absl::InternalError("the server did not set a session cookie");
  }
  const nlohmann::json token_request = {{"name", "cli@" + ctx.env().hostname}};
  absl::StatusOr<nlohmann::json> token =
      api.Call("POST", "/tokens", &token_request, session_headers);
  (void)api.Send("POST", "/auth/logout", nullptr, session_headers);  // best effort
  if (!token.ok()) return token.status();
  const nlohmann::json& user = answer.contains("user") ? answer["user"] : nlohmann::json();
  return Credentials{server, Text(*token, "token"), Text(*token, "id"),
                     Text(user, "login").empty() ? login : Text(user, "login")};
}

// Best effort: a token `paved login` made and no longer stores should not stay valid.
void RevokeReplacedToken(Context& ctx, const std::optional<Credentials>& old,
                         const Credentials& now) {
  if (!old.has_value() || old->token_id.empty() || old->token == now.token) return;
  absl::StatusOr<std::string> old_server = NormalizeServerUrl(old->server);
  if (!old_server.ok()) return;
  ApiClient api(*ctx.env().http, *old_server, old->token);
  (void)api.Delete("/tokens/" + http::UrlEncode(old->token_id));
}

absl::Status Login(Context& ctx, const LoginArgs& args) {
  absl::StatusOr<std::string> server = ctx.Server();
  if (!server.ok() && server.status().code() == absl::StatusCode::kFailedPrecondition) {
    return absl::InvalidArgumentError("--server URL is required (or set PAVED_SERVER)");
  }
  RETURN_IF_ERROR(server.status());
  ASSIGN_OR_RETURN(std::string path, ctx.env().credentials_path());
  absl::StatusOr<std::optional<Credentials>> old = LoadCredentials(path);
  Credentials credentials;
  if (!ctx.global().token.empty()) {
    ASSIGN_OR_RETURN(credentials, LoginWithToken(ctx, *server));
  } else {
    ASSIGN_OR_RETURN(std::string login, ResolveLogin(ctx, args.login));
    ASSIGN_OR_RETURN(credentials, LoginWithPassword(ctx, *server, login));
  }
  RETURN_IF_ERROR(SaveCredentials(path, credentials));
  if (old.ok()) RevokeReplacedToken(ctx, *old, credentials);
  ctx.Print({{"server", credentials.server}, {"login", credentials.login}},
            absl::StrCat("Logged in to ", credentials.server, " as ", credentials.login, ".\n"));
  return absl::OkStatus();
}

absl::Status RevokeStoredToken(Context& ctx, const Credentials& stored) {
  ASSIGN_OR_RETURN(std::string server, NormalizeServerUrl(stored.server));
  ApiClient api(*ctx.env().http, server, stored.token);
  absl::Status revoked = api.Delete("/tokens/" + http::UrlEncode(stored.token_id));
  // Rejected or gone: the token is not usable any more, which is what logout wants.
  if (absl::IsUnauthenticated(revoked) || absl::IsNotFound(revoked)) return absl::OkStatus();
  return revoked;
}

absl::Status Logout(Context& ctx) {
  ASSIGN_OR_RETURN(std::string path, ctx.env().credentials_path());
  ASSIGN_OR_RETURN(std::optional<Credentials> stored, LoadCredentials(path));
  if (!stored.has_value()) {
    ctx.err() << "Not logged in.\n";
    return absl::OkStatus();
  }
  const absl::Status revoked =
      stored->token_id.empty() ? absl::OkStatus() : RevokeStoredToken(ctx, *stored);
  RETURN_IF_ERROR(RemoveCredentials(path));
  if (!revoked.ok()) {
    return absl::Status(revoked.code(),
                        absl::StrCat("logged out locally, but the token could not be revoked: ",
                                     revoked.message()));
  }
  ctx.out() << "Logged out of " << stored->server << ".\n";
  if (stored->token_id.empty()) {
    ctx.err() << "The token was given with --token and stays valid; revoke it with "
                 "`paved tokens revoke ID` if it is no longer needed.\n";
  }
  return absl::OkStatus();
}

absl::Status WhoAmI(Context& ctx) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(nlohmann::json me, api.Get("/me"));
  ctx.Print(me, RenderFields({{"Login", Text(me, "login")},
                              {"Role", Text(me, "role")},
                              {"Teams", Text(me, "teams")},
                              {"Server", api.server()}}));
  return absl::OkStatus();
}

}  // namespace

void AddAuthCommands(CLI::App& app, Context& ctx) {
  auto login_args = std::make_shared<LoginArgs>();
  CLI::App* login = app.add_subcommand(
      "login", "Log in to a Paved server and store an API token in ~/.config/paved");
  login->add_option("--login", login_args->login, "Login name (default: $USER)");
  login->footer(
      "With --token, checks and stores that token. Otherwise asks for the password (read from "
      "stdin when it is not a terminal) and creates a token named cli@HOSTNAME.");
  login->callback([&ctx, login_args] { ctx.Finish(Login(ctx, *login_args)); });

  app.add_subcommand("logout", "Revoke the stored token and forget it")->callback([&ctx] {
    ctx.Finish(Logout(ctx));
  });
  app.add_subcommand("whoami", "Show who the token belongs to")->callback([&ctx] {
    ctx.Finish(WhoAmI(ctx));
  });
}

}  // namespace paved::cli
