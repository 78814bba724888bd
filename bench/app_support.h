#pragma once

// An in-process server for the benchmarks that go through App::Handle: a fresh SQLite data
// directory and an admin's API token. Header-only; not a library of the product.

#include <filesystem>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/random.h"
#include "server/app.h"

namespace paved::bench {

inline constexpr char kAdminPassword[] = "bench-password";

// A new App on SQLite in `*dir` (a fresh directory under the system's temp directory, which the
// caller removes), with an admin whose password is kAdminPassword, no demo data, no access log.
inline absl::StatusOr<std::unique_ptr<server::App>> NewBenchApp(std::string* dir) {
  *dir = std::filesystem::temp_directory_path() / ("paved-bench-" + NewId());
  ServerConfig cfg;
  cfg.data_dir = *dir;
  cfg.store_url = "sqlite://" + *dir + "/paved.db";
  cfg.admin_password = kAdminPassword;
  cfg.demo_data = false;
  cfg.access_log = false;
  return server::App::Create(cfg);
}

// Logs the admin in and mints an API token, as a script would use ("Bearer " + token).
inline absl::StatusOr<std::string> AdminToken(server::App& app) {
  http::Request login{
      .method = "POST",
      .path = "/api/v1/auth/login",
      .body = std::string(R"({"login":"admin","password":")") + kAdminPassword + R"("})"};
  http::Response logged_in = app.Handle(login);
  nlohmann::json body = nlohmann::json::parse(logged_in.body, nullptr, false);
  std::string session = logged_in.Header("Set-Cookie");
  http::Request mint{.method = "POST", .path = "/api/v1/tokens", .body = R"({"name":"bench"})"};
  mint.headers["Cookie"] = session.substr(0, session.find(';'));
  mint.headers["X-CSRF-Token"] = body.is_object() ? body.value("csrf_token", "") : "";
  nlohmann::json minted = nlohmann::json::parse(app.Handle(mint).body, nullptr, false);
  if (!minted.is_object() || !minted["token"].is_string()) {
    return absl::InternalError("could not mint an API token: " + logged_in.body.substr(0, 200));
  }
  return minted["token"].get<std::string>();
}

}  // namespace paved::bench
