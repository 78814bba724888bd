#include "server/testing/test_app.h"

#include <cstdlib>

#include "auth/credentials.h"
#include "gtest/gtest.h"
#include "http/message.h"

namespace paved::server::testing {

TestApp::TestApp(std::string store_url, const Clock* clock, nlohmann::json config_file,
                 const std::function<void(ServerConfig&)>& adjust) {
  // Every answer of a test server is checked against its route's response schema (unless the
  // test run says PAVED_CHECK_RESPONSES=0).
  setenv("PAVED_CHECK_RESPONSES", "1", /*overwrite=*/0);
  char tmpl[] = "/tmp/paved-test-XXXXXX";
  dir_ = mkdtemp(tmpl);
  ServerConfig cfg;
  cfg.data_dir = dir_;
  cfg.store_url = store_url.empty() ? "sqlite://" + dir_ + "/paved.db" : store_url;
  cfg.admin_password = kAdminPassword;
  cfg.demo_data = false;
  cfg.access_log = false;
  cfg.file = std::move(config_file);
  cfg.worker_threads = 1;
  cfg.web_dir = dir_ + "/web";
  if (adjust) adjust(cfg);
  auto app = App::Create(cfg, clock);
  if (!app.ok()) {
    ADD_FAILURE() << "App::Create: " << app.status();
    std::abort();
  }
  app_ = std::move(*app);
  std::string cookie = LoginCookie("admin", kAdminPassword);
  Reply token = Call("POST", "/api/v1/tokens", nlohmann::json{{"name", "tests"}}, cookie);
  admin_token_ = token.json["token"];
}

TestApp::~TestApp() {
  app_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

http::Request TestApp::MakeRequest(const std::string& method, const std::string& target,
                                   const std::string& body, const std::string& auth) {
  http::Request req = http::MakeRequest(method, target, body);
  req.remote_addr = "127.0.0.1";
  if (auth.rfind("cookie:", 0) == 0) {
    auto bar = auth.find('|');
    req.headers["Cookie"] = std::string(auth::kSessionCookie) + "=" + auth.substr(7, bar - 7);
    req.headers["X-CSRF-Token"] = auth.substr(bar + 1);
  } else if (!auth.empty()) {
    req.headers["Authorization"] = "Bearer " + auth;
  }
  return req;
}

TestApp::Reply TestApp::Call(const std::string& method, const std::string& target,
                             const std::string& body, const std::string& auth) {
  http::Request req = MakeRequest(method, target, body, auth);
  Reply reply;
  reply.raw = app_->Handle(req);
  reply.status = reply.raw.status;
  reply.json = nlohmann::json::parse(reply.raw.body, nullptr, false);
  if (reply.json.is_discarded()) reply.json = nullptr;
  return reply;
}

std::string TestApp::UserToken(const std::string& login, const std::string& role) {
  Reply created =
      Call("POST", "/api/v1/users",
           nlohmann::json{{"login", login}, {"password", "password-" + login}, {"role", role}},
           admin_token_);
  EXPECT_EQ(created.status, 201) << created.raw.body;
  std::string cookie = LoginCookie(login, "password-" + login);
  Reply token = Call("POST", "/api/v1/tokens", nlohmann::json{{"name", "t"}}, cookie);
  EXPECT_EQ(token.status, 201) << token.raw.body;
  return token.json.value("token", "");
}

http::Response TestApp::Login(const std::string& login, const std::string& password,
                              const std::string& remote_addr, const http::Headers& headers) {
  http::Request req =
      http::MakeRequest("POST", "/api/v1/auth/login",
                        nlohmann::json{{"login", login}, {"password", password}}.dump());
  req.remote_addr = remote_addr;
  for (const auto& [name, value] : headers) req.headers[name] = value;
  return app_->Handle(req);
}

std::string TestApp::LoginCookie(const std::string& login, const std::string& password) {
  Reply r = Call("POST", "/api/v1/auth/login",
                 nlohmann::json{{"login", login}, {"password", password}}, "");
  EXPECT_EQ(r.status, 200) << r.raw.body;
  for (const auto& [name, value] : r.raw.headers) {
    if (name == "Set-Cookie") {
      std::string v = value.substr(std::string(auth::kSessionCookie).size() + 1);
      v = v.substr(0, v.find(';'));
      return "cookie:" + v + "|" + r.json.value("csrf_token", "");
    }
  }
  return "";
}

}  // namespace paved::server::testing
