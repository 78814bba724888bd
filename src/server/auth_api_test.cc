#include <map>
#include <string>

#include "gtest/gtest.h"
#include "server/testing/test_app.h"

namespace paved::server {
namespace {

using testing::TestApp;
using json = nlohmann::json;

TEST(AuthApiTest, LoginSetsHttpOnlyLaxCookieAndReturnsCsrf) {
  TestApp t;
  auto r = t.Call("POST", "/api/v1/auth/login",
                  json{{"login", "admin"}, {"password", testing::kAdminPassword}}, "");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["user"]["role"], "admin");
  EXPECT_FALSE(r.json["csrf_token"].get<std::string>().empty());
  std::string cookie = r.raw.Header("Set-Cookie");
  EXPECT_NE(cookie.find("paved_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
}

TEST(AuthApiTest, WrongPasswordIs401AndAudited) {
  TestApp t;
  auto r =
      t.Call("POST", "/api/v1/auth/login", json{{"login", "admin"}, {"password", "nope-nope"}}, "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json["error"]["code"], "unauthenticated");
  auto audit = t.Call("GET", "/api/v1/audit?subject=user:admin", "", t.admin_token());
  bool found = false;
  for (const auto& e : audit.json["items"]) found |= e["action"] == "auth.login_failed";
  EXPECT_TRUE(found);
}

TEST(AuthApiTest, CookieMutationsNeedCsrfToken) {
  TestApp t;
  std::string cookie = t.LoginCookie("admin", testing::kAdminPassword);
  std::string no_csrf = cookie.substr(0, cookie.find('|') + 1) + "wrong";
  auto denied = t.Call("POST", "/api/v1/teams", json{{"slug", "a"}, {"name", "A"}}, no_csrf);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.json["error"]["code"], "csrf");
  EXPECT_EQ(t.Call("GET", "/api/v1/teams/a", "", t.admin_token()).status, 404);  // nothing written
  auto read = t.Call("GET", "/api/v1/me", "", no_csrf);  // reads need no token
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.json["csrf_token"], cookie.substr(cookie.find('|') + 1));
  EXPECT_EQ(t.Call("POST", "/api/v1/teams", json{{"slug", "a"}, {"name", "A"}}, cookie).status,
            201);
}

TEST(AuthApiTest, LogoutEndsTheSession) {
  TestApp t;
  std::string cookie = t.LoginCookie("admin", testing::kAdminPassword);
  EXPECT_EQ(t.Call("POST", "/api/v1/auth/logout", "", cookie).status, 204);
  EXPECT_EQ(t.Call("GET", "/api/v1/me", "", cookie).status, 401);
}

TEST(AuthApiTest, TokensAreShownOnceUsableAndRevocable) {
  TestApp t;
  std::string cookie = t.LoginCookie("admin", testing::kAdminPassword);
  auto created = t.Call("POST", "/api/v1/tokens", json{{"name", "ci"}}, cookie);
  ASSERT_EQ(created.status, 201);
  std::string token = created.json["token"];
  EXPECT_EQ(token.rfind("pvd_", 0), 0u);
  auto me = t.Call("GET", "/api/v1/me", "", token);
  EXPECT_EQ(me.json["login"], "admin");
  auto list = t.Call("GET", "/api/v1/tokens", "", token);
  ASSERT_EQ(list.status, 200);
  bool seen_used = false;
  for (const auto& item : list.json["items"]) {
    EXPECT_FALSE(item.contains("token"));  // never shown again
    if (item["id"] == created.json["id"]) seen_used = !item["last_used_at"].is_null();
  }
  EXPECT_TRUE(seen_used);
  std::string id = created.json["id"];
  EXPECT_EQ(t.Call("DELETE", "/api/v1/tokens/" + id, "", cookie).status, 204);
  EXPECT_EQ(t.Call("GET", "/api/v1/me", "", token).status, 401);
  EXPECT_EQ(t.Call("DELETE", "/api/v1/tokens/" + id, "", cookie).status, 404);
}

TEST(AuthApiTest, TokensAreStoredHashed) {
  TestApp t;
  auto rs = t.app().store().Query("SELECT token_hash FROM api_tokens");
  ASSERT_TRUE(rs.ok());
  ASSERT_FALSE(rs->empty());
  for (const auto& row : rs->rows) {
    EXPECT_EQ(row.Text("token_hash").size(), 64u);
    EXPECT_EQ(row.Text("token_hash").find("pvd_"), std::string::npos);
  }
  auto users = t.app().store().Query("SELECT password_hash FROM users WHERE login = 'admin'");
  ASSERT_TRUE(users.ok());
  EXPECT_EQ(users->front().Text("password_hash").rfind("$argon2id$", 0), 0u);
}

TEST(AuthApiTest, RepeatedFailuresLockTheLogin) {
  TestApp t;
  for (int i = 0; i < 5; ++i) {
    t.Call("POST", "/api/v1/auth/login", json{{"login", "admin"}, {"password", "bad-password"}},
           "");
  }
  auto locked = t.Call("POST", "/api/v1/auth/login",
                       json{{"login", "admin"}, {"password", testing::kAdminPassword}}, "");
  EXPECT_EQ(locked.status, 429);
  EXPECT_FALSE(locked.raw.Header("Retry-After").empty());
}

TEST(AuthApiTest, LockExpiresWithTime) {
  FakeClock clock;
  TestApp t("", &clock);
  for (int i = 0; i < 5; ++i) {
    t.Call("POST", "/api/v1/auth/login", json{{"login", "admin"}, {"password", "bad-password"}},
           "");
  }
  clock.AdvanceMs(6 * 60 * 1000);
  auto ok = t.Call("POST", "/api/v1/auth/login",
                   json{{"login", "admin"}, {"password", testing::kAdminPassword}}, "");
  EXPECT_EQ(ok.status, 200);
}

// Five failures from one address lock that address only: the real user elsewhere gets in.
TEST(AuthApiTest, FailuresFromOneAddressDoNotLockTheLoginElsewhere) {
  TestApp t;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(t.Login("admin", "bad-password", "203.0.113.9").status, 401);
  }
  http::Response attacker = t.Login("admin", testing::kAdminPassword, "203.0.113.9");
  EXPECT_EQ(attacker.status, 429);
  EXPECT_EQ(t.Login("admin", testing::kAdminPassword, "198.51.100.4").status, 200);
  // A header from an untrusted peer does not move the attacker to another address.
  EXPECT_EQ(t.Login("admin", testing::kAdminPassword, "203.0.113.9",
                    {{"X-Forwarded-For", "198.51.100.77"}})
                .status,
            429);
}

// Behind a trusted proxy the client is the X-Forwarded-For address, not the proxy's.
TEST(AuthApiTest, BehindTrustedProxyTheForwardedAddressIsThrottled) {
  TestApp t("", SystemClock::Get(), json::object(),
            [](ServerConfig& c) { c.trusted_proxies = {"10.0.0.7"}; });
  http::Headers attacker = {{"X-Forwarded-For", "203.0.113.9"}};
  for (int i = 0; i < 5; ++i) t.Login("admin", "bad-password", "10.0.0.7", attacker);
  EXPECT_EQ(t.Login("admin", testing::kAdminPassword, "10.0.0.7", attacker).status, 429);
  EXPECT_EQ(
      t.Login("admin", testing::kAdminPassword, "10.0.0.7", {{"X-Forwarded-For", "198.51.100.4"}})
          .status,
      200);
}

TEST(AuthApiTest, OverlongLoginIsRefusedNamingTheField) {
  TestApp t;
  auto before = t.app().store().Query("SELECT COUNT(*) AS n FROM audit_events");
  ASSERT_TRUE(before.ok());
  auto r = t.Call("POST", "/api/v1/auth/login",
                  json{{"login", std::string(257, 'a')}, {"password", "whatever-password"}}, "");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json["error"]["field"], "login");
  auto overlong_password =
      t.Call("POST", "/api/v1/auth/login",
             json{{"login", "admin"}, {"password", std::string(1025, 'p')}}, "");
  EXPECT_EQ(overlong_password.status, 422);
  EXPECT_EQ(overlong_password.json["error"]["field"], "password");
  auto after = t.app().store().Query("SELECT COUNT(*) AS n FROM audit_events");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->front().Int("n"), before->front().Int("n"));  // nothing recorded
  auto rows = t.app().store().Query("SELECT COUNT(*) AS n FROM login_failures");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->front().Int("n"), 0);
  EXPECT_EQ(t.Call("POST", "/api/v1/auth/login",
                   json{{"login", std::string(256, 'a')}, {"password", "whatever-password"}}, "")
                .status,
            401);
}

// A password typed into the login field is written nowhere: not in the throttle's table, not in
// the audit log every viewer reads.
TEST(AuthApiTest, FailedLoginsOfUnknownNamesAreStoredWithoutTheName) {
  TestApp t;
  const std::string typed = "Sup3r-Secret-Passw0rd";
  EXPECT_EQ(t.Login(typed, "anything-at-all", "198.51.100.4").status, 401);
  EXPECT_EQ(t.Login("admin", "bad-password", "198.51.100.4").status, 401);
  auto failures = t.app().store().Query("SELECT key_hash FROM login_failures");
  ASSERT_TRUE(failures.ok());
  ASSERT_EQ(failures->rows.size(), 2u);
  for (const auto& row : failures->rows) {
    EXPECT_EQ(row.Text("key_hash").size(), 64u);
    EXPECT_EQ(row.Text("key_hash").find(typed), std::string::npos);
  }
  std::string viewer = t.UserToken("vic", "viewer");
  auto audit = t.Call("GET", "/api/v1/audit?limit=500", "", viewer);
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.json.dump().find(typed), std::string::npos);
  bool unknown = false, admin = false;
  for (const auto& e : audit.json["items"]) {
    if (e["action"] != "auth.login_failed") continue;
    unknown |= e["subject"] == "auth:unknown-login" && e["actor"] == "anonymous" &&
               e["summary"]["client"] == "198.51.100.4";
    admin |= e["subject"] == "user:admin" && e["summary"]["client"] == "198.51.100.4";
  }
  EXPECT_TRUE(unknown);
  EXPECT_TRUE(admin);
}

// Failures are forgotten once older than the lock time, so the table holds only recent ones.
TEST(AuthApiTest, OldFailuresArePruned) {
  FakeClock clock;
  TestApp t("", &clock);
  for (int i = 0; i < 20; ++i) t.Login("nobody-" + std::to_string(i), "bad-password");
  auto count = [&] {
    auto rs = t.app().store().Query("SELECT COUNT(*) AS n FROM login_failures");
    return rs.ok() ? rs->front().Int("n") : -1;
  };
  EXPECT_EQ(count(), 20);
  clock.AdvanceMs(6 * 60 * 1000);
  t.Login("someone-else", "bad-password");
  EXPECT_EQ(count(), 1);
}

TEST(AuthApiTest, SessionCookieIsSecureOverHttpsOnly) {
  auto cookie = [](TestApp& t, const std::string& peer, const http::Headers& headers) {
    http::Response r = t.Login("admin", testing::kAdminPassword, peer, headers);
    EXPECT_EQ(r.status, 200);
    return r.Header("Set-Cookie");
  };
  const http::Headers https = {{"X-Forwarded-Proto", "https"}};
  TestApp plain("", SystemClock::Get(), json::object(),
                [](ServerConfig& c) { c.trusted_proxies = {"10.0.0.7"}; });
  EXPECT_EQ(cookie(plain, "127.0.0.1", {}).find("Secure"), std::string::npos);
  EXPECT_EQ(cookie(plain, "203.0.113.9", https).find("Secure"), std::string::npos);  // untrusted
  EXPECT_NE(cookie(plain, "10.0.0.7", https).find("; Secure"), std::string::npos);
  TestApp public_https("", SystemClock::Get(), json::object(),
                       [](ServerConfig& c) { c.public_url = "https://paved.example.com"; });
  EXPECT_NE(cookie(public_https, "127.0.0.1", {}).find("; Secure"), std::string::npos);
}

TEST(AuthApiTest, AdminManagesUsers) {
  TestApp t;
  std::string dev = t.UserToken("mina.kim", "developer");
  auto dup = t.Call("POST", "/api/v1/users",
                    json{{"login", "mina.kim"}, {"password", "long-enough"}, {"role", "viewer"}},
                    t.admin_token());
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.json["error"]["field"], "login");
  auto weak =
      t.Call("POST", "/api/v1/users",
             json{{"login", "x"}, {"password", "short"}, {"role", "viewer"}}, t.admin_token());
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(weak.json["error"]["field"], "password");
  auto role =
      t.Call("POST", "/api/v1/users",
             json{{"login", "y"}, {"password", "long-enough"}, {"role", "root"}}, t.admin_token());
  EXPECT_EQ(role.json["error"]["field"], "role");
  auto patched = t.Call("PATCH", "/api/v1/users/mina.kim", json{{"role", "sre"}}, t.admin_token());
  ASSERT_EQ(patched.status, 200);
  EXPECT_EQ(patched.json["role"], "sre");
  auto disabled =
      t.Call("PATCH", "/api/v1/users/mina.kim", json{{"disabled", true}}, t.admin_token());
  EXPECT_EQ(disabled.json["disabled"], true);
  EXPECT_EQ(t.Call("GET", "/api/v1/me", "", dev).status, 401);  // disabled users are locked out
  auto self = t.Call("PATCH", "/api/v1/users/admin", json{{"disabled", true}}, t.admin_token());
  EXPECT_EQ(self.status, 422);
  auto list = t.Call("GET", "/api/v1/users?limit=1", "", t.admin_token());
  EXPECT_EQ(list.json["items"].size(), 1u);
  EXPECT_FALSE(list.json["next_cursor"].is_null());
}

TEST(AuthApiTest, UsersShowTheirTeamsBySlugInOrder) {
  TestApp t;
  std::string dev = t.UserToken("mina.kim", "developer");
  t.UserToken("joon.park", "developer");
  for (const char* slug : {"payments", "chat", "search"}) {
    ASSERT_EQ(t.Call("POST", "/api/v1/teams", json{{"slug", slug}, {"name", slug}}, t.admin_token())
                  .status,
              201);
  }
  for (const char* slug : {"search", "chat"}) {
    ASSERT_EQ(t.Call("POST", std::string("/api/v1/teams/") + slug + "/members",
                     json{{"login", "mina.kim"}}, t.admin_token())
                  .status,
              201);
  }
  ASSERT_EQ(t.Call("POST", "/api/v1/teams/payments/members", json{{"login", "joon.park"}},
                   t.admin_token())
                .status,
            201);
  EXPECT_EQ(t.Call("GET", "/api/v1/me", "", dev).json["teams"], json::array({"chat", "search"}));
  auto list = t.Call("GET", "/api/v1/users", "", t.admin_token());
  std::map<std::string, json> teams_of;
  for (const auto& u : list.json["items"]) teams_of[u["login"]] = u["teams"];
  EXPECT_EQ(teams_of["mina.kim"], json::array({"chat", "search"}));
  EXPECT_EQ(teams_of["joon.park"], json::array({"payments"}));
  EXPECT_EQ(teams_of["admin"], json::array());
}

TEST(AuthApiTest, AdminPasswordIsKeptAcrossRestarts) {
  char tmpl[] = "/tmp/paved-admin-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  ServerConfig cfg;
  cfg.data_dir = dir;
  cfg.store_url = "sqlite://" + dir + "/paved.db";
  cfg.admin_password = "first-password";
  cfg.demo_data = false;
  ASSERT_TRUE(App::Create(cfg).ok());
  cfg.admin_password = "second-password";
  auto app = App::Create(cfg);
  ASSERT_TRUE(app.ok());
  http::Request req{.method = "POST",
                    .path = "/api/v1/auth/login",
                    .body = R"({"login":"admin","password":"first-password"})"};
  EXPECT_EQ((*app)->Handle(req).status, 200);
  req.body = R"({"login":"admin","password":"second-password"})";
  EXPECT_EQ((*app)->Handle(req).status, 401);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace paved::server
