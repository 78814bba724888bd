#include "cli/context.h"

#include <ostream>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace paved::cli {
namespace {

absl::Status NotLoggedIn(const std::string& server) {
  return absl::FailedPreconditionError(absl::StrCat(
      "not logged in", server.empty() ? "" : " to " + server, "; run `paved login --server ",
      server.empty() ? "URL" : server, "` (or pass --token / set PAVED_TOKEN)"));
}

}  // namespace

absl::StatusOr<std::optional<Credentials>> Context::StoredCredentials() {
  ASSIGN_OR_RETURN(std::string path, env_.credentials_path());
  return LoadCredentials(path);
}

absl::StatusOr<std::string> Context::Server() {
  if (!global_.server.empty()) return NormalizeServerUrl(global_.server);
  ASSIGN_OR_RETURN(std::optional<Credentials> stored, StoredCredentials());
  if (!stored.has_value()) return NotLoggedIn("");
  return NormalizeServerUrl(stored->server);
}

absl::StatusOr<ApiClient> Context::Api() {
  ASSIGN_OR_RETURN(std::string server, Server());
  std::string token = global_.token;
  if (token.empty()) {
    ASSIGN_OR_RETURN(std::optional<Credentials> stored, StoredCredentials());
    // A stored token goes only to the server that issued it.
    if (stored.has_value() && NormalizeServerUrl(stored->server).value_or("") == server) {
      token = stored->token;
    }
  }
  if (token.empty()) return NotLoggedIn(server);
  used_api_ = true;
  return ApiClient(*env_.http, server, token);
}

void Context::Print(const nlohmann::json& json, const std::string& human) {
  if (global_.json) {
    if (!json.is_null()) out() << json.dump(2) << '\n';
    return;
  }
  out() << human;
  // What the server noted about a change that succeeded (a config key replacing a spec value,
  // an artifact the spec does not run …): on stderr, so scripts reading stdout are unaffected.
  if (json.is_object() && json.contains("warnings") && json["warnings"].is_array()) {
    for (const auto& w : json["warnings"]) {
      if (w.is_string()) err() << "warning: " << w.get<std::string>() << '\n';
    }
  }
}

int Context::ExitCode() {
  if (status_.ok()) return exit_code_.value_or(0);
  err() << FormatError(status_) << '\n';
  if (used_api_ && status_.code() == absl::StatusCode::kUnauthenticated) {
    err() << "hint: the token was not accepted; run `paved login` again\n";
  }
  return exit_code_.value_or(1);
}

}  // namespace paved::cli
