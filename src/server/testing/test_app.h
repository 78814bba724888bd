#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>

#include "nlohmann/json.hpp"
#include "server/app.h"

namespace paved::server::testing {

// An App on a fresh SQLite database (or the given store URL) driven through Handle(), with a
// helper per credential kind. Users are created with password "password-<login>".
class TestApp {
 public:
  // `config_file` is what the server's YAML config file would hold (domains' own sections).
  // `adjust`, when set, changes the server config before the app is created.
  explicit TestApp(std::string store_url = "", const Clock* clock = SystemClock::Get(),
                   nlohmann::json config_file = nlohmann::json::object(),
                   const std::function<void(ServerConfig&)>& adjust = nullptr);
  ~TestApp();

  struct Reply {
    int status = 0;
    nlohmann::json json;  // null when the body is not JSON
    http::Response raw;
  };

  // `auth`: "" = anonymous, "pvd_..." = bearer token, "cookie:<session>|<csrf>" = browser.
  Reply Call(const std::string& method, const std::string& target, const std::string& body = "",
             const std::string& auth = "");
  // JSON bodies; a template so that string literals pick the overload above.
  template <typename J, typename = std::enable_if_t<std::is_same_v<J, nlohmann::json>>>
  Reply Call(const std::string& method, const std::string& target, const J& body,
             const std::string& auth) {
    return Call(method, target, body.dump(), auth);
  }

  // The request Call sends: `auth` as there.
  static http::Request MakeRequest(const std::string& method, const std::string& target,
                                   const std::string& body, const std::string& auth);

  // Creates a user (as admin) and returns an API token for them.
  std::string UserToken(const std::string& login, const std::string& role);
  // POST /api/v1/auth/login from `remote_addr` with extra request headers.
  http::Response Login(const std::string& login, const std::string& password,
                       const std::string& remote_addr = "127.0.0.1",
                       const http::Headers& headers = {});
  // Logs in with a password and returns "cookie:<session>|<csrf>".
  std::string LoginCookie(const std::string& login, const std::string& password);

  const std::string& admin_token() const { return admin_token_; }
  App& app() { return *app_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::unique_ptr<App> app_;
  std::string admin_token_;
};

inline constexpr char kAdminPassword[] = "admin-password-for-tests";

}  // namespace paved::server::testing
