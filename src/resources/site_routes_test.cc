// Local static sites as their visitors and their team meet them: served publicly under
// /sites/<id>/ in a sandbox, filled through the upload API by the writers of the project, and
// never a way to read anything outside the site's directory.
#include "resources/site_routes.h"

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "server/testing/test_app.h"

namespace paved::resources {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using server::testing::TestApp;

constexpr char kPublicUrl[] = "https://paved.test";

class SiteRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<TestApp>(
        "", SystemClock::Get(),
        json{{"local_runtime", {{"unsafe_shared_host", true}}},
             {"local_sites", {{"max_file_bytes", 64}, {"max_site_bytes", 200}, {"max_files", 6}}}},
        [](ServerConfig& cfg) { cfg.public_url = kPublicUrl; });
    const std::string& admin = app_->admin_token();
    ASSERT_EQ(Call("POST", "/api/v1/teams", {{"slug", "chat"}, {"name", "Chat"}}, admin).status,
              201);
    ASSERT_EQ(Call("POST", "/api/v1/teams", {{"slug", "ads"}, {"name", "Ads"}}, admin).status, 201);
    dev_ = app_->UserToken("dev", "developer");
    other_ = app_->UserToken("other", "developer");
    sre_ = app_->UserToken("sre", "sre");
    viewer_ = app_->UserToken("viewer", "viewer");
    ASSERT_EQ(Call("POST", "/api/v1/teams/chat/members", {{"login", "dev"}}, admin).status, 201);
    ASSERT_EQ(Call("POST", "/api/v1/teams/ads/members", {{"login", "other"}}, admin).status, 201);
    ASSERT_EQ(
        Call("POST", "/api/v1/projects",
             {{"slug", "chat-gateway"}, {"name", "Chat gateway"}, {"owner_team", "chat"}}, dev_)
            .status,
        201);
    ASSERT_TRUE(app_->app().StartBackground().ok());
  }
  void TearDown() override {
    app_->app().StopBackground();
    auto list = Call("GET", "/api/v1/resources?status=ready", json(), app_->admin_token());
    for (const json& r : list.json.value("items", json::array())) {
      if (r["outputs"].contains("pid")) kill(-r["outputs"]["pid"].get<int>(), SIGKILL);
    }
  }

  TestApp::Reply Call(const std::string& method, const std::string& path, const json& body,
                      const std::string& token) {
    return body.is_null() ? app_->Call(method, path, "", token)
                          : app_->Call(method, path, body, token);
  }
  TestApp::Reply Put(const std::string& id, const std::string& path, const std::string& bytes,
                     const std::string& token) {
    return app_->Call("PUT", "/api/v1/resources/" + id + "/site/files/" + path, bytes, token);
  }
  // A visitor: no credentials, and the headers given.
  http::Response Visit(const std::string& method, const std::string& target,
                       const http::Headers& headers = {}) {
    http::Request req = http::MakeRequest(method, target);
    req.remote_addr = "127.0.0.1";
    for (const auto& [name, value] : headers) req.headers[name] = value;
    return app_->app().Handle(req);
  }

  json WaitSettled(const std::string& id) {
    json r;
    for (int i = 0; i < 200; ++i) {
      r = Call("GET", "/api/v1/resources/" + id, json(), viewer_).json;
      std::string status = r.value("status", "");
      if (status != "creating" && status != "deleting" && status != "undoing" &&
          status != "updating")
        return r;
      usleep(50'000);
    }
    ADD_FAILURE() << "did not settle: " << r.dump();
    return r;
  }

  // A ready static site "docs" of chat-gateway in alpha; its id.
  std::string CreateSite(const json& spec = json::object()) {
    auto created =
        Call("POST", "/api/v1/projects/chat-gateway/resources",
             {{"kind", "static-site"}, {"name", "docs"}, {"environment", "alpha"}, {"spec", spec}},
             dev_);
    EXPECT_EQ(created.status, 202) << created.json.dump();
    std::string id = created.json.value("id", "");
    json ready = WaitSettled(id);
    EXPECT_EQ(ready["status"], "ready") << ready.dump();
    return id;
  }

  void ExpectSandboxed(const http::Response& r, const std::string& what) {
    EXPECT_EQ(r.Header("Content-Security-Policy"),
              "sandbox allow-scripts allow-forms allow-popups allow-downloads")
        << what;
    EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff") << what;
  }

  std::unique_ptr<TestApp> app_;
  std::string dev_, other_, sre_, viewer_;
};

TEST_F(SiteRoutesTest, ASiteIsServedWithItsUrlTypesETagsAndHead) {
  std::string id = CreateSite();
  json shown = Call("GET", "/api/v1/resources/" + id, json(), viewer_).json;
  std::string url = std::string(kPublicUrl) + "/sites/" + id + "/";
  EXPECT_EQ(shown["outputs"]["url"], url);
  EXPECT_EQ(shown["connection"]["url"], url);
  EXPECT_NE(shown["connection"].dump().find("STATIC_SITE_URL"), std::string::npos)
      << shown["connection"].dump();
  EXPECT_EQ(shown["connection"]["command"],
            "paved resources upload docs ./dist -p chat-gateway --env alpha");

  // The placeholder first, then what the team uploads.
  http::Response placeholder = Visit("GET", "/sites/" + id + "/");
  EXPECT_EQ(placeholder.status, 200);
  EXPECT_NE(placeholder.body.find("docs is ready"), std::string::npos) << placeholder.body;
  ASSERT_EQ(Put(id, "index.html", "<h1>Docs</h1>", dev_).status, 200);
  auto css = Put(id, "css/site.css", "body{color:red}", dev_);
  ASSERT_EQ(css.status, 200) << css.raw.body;
  EXPECT_EQ(css.json["path"], "css/site.css");
  EXPECT_EQ(css.json["size"], 15);
  ASSERT_EQ(Put(id, "img/logo.png", "\x89PNG", dev_).status, 200);
  ASSERT_EQ(Put(id, "guide/index.html", "<h1>Guide</h1>", dev_).status, 200);

  http::Response home = Visit("GET", "/sites/" + id + "/");
  EXPECT_EQ(home.status, 200);
  EXPECT_EQ(home.body, "<h1>Docs</h1>");
  EXPECT_EQ(home.Header("Content-Type"), "text/html; charset=utf-8");
  ExpectSandboxed(home, "index");
  http::Response sheet = Visit("GET", "/sites/" + id + "/css/site.css");
  EXPECT_EQ(sheet.body, "body{color:red}");
  EXPECT_EQ(sheet.Header("Content-Type"), "text/css; charset=utf-8");
  ExpectSandboxed(sheet, "css");
  EXPECT_EQ(Visit("GET", "/sites/" + id + "/img/logo.png").Header("Content-Type"), "image/png");
  EXPECT_EQ(Visit("GET", "/sites/" + id + "/guide/").body, "<h1>Guide</h1>");

  // A known ETag is a 304 without a body; a changed file has another.
  std::string etag = sheet.Header("ETag");
  ASSERT_FALSE(etag.empty());
  http::Response same = Visit("GET", "/sites/" + id + "/css/site.css", {{"If-None-Match", etag}});
  EXPECT_EQ(same.status, 304);
  EXPECT_TRUE(same.body.empty());
  ExpectSandboxed(same, "304");
  EXPECT_EQ(Visit("GET", "/sites/" + id + "/css/site.css", {{"If-None-Match", "\"other\""}}).status,
            200);
  ASSERT_EQ(Put(id, "css/site.css", "body{color:blue}", dev_).status, 200);
  http::Response changed =
      Visit("GET", "/sites/" + id + "/css/site.css", {{"If-None-Match", etag}});
  EXPECT_EQ(changed.status, 200);
  EXPECT_NE(changed.Header("ETag"), etag);

  http::Response head = Visit("HEAD", "/sites/" + id + "/css/site.css");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("Content-Type"), "text/css; charset=utf-8");
  ExpectSandboxed(head, "HEAD");

  // Directories without their slash are redirected to it.
  http::Response bare = Visit("GET", "/sites/" + id);
  EXPECT_EQ(bare.status, 301);
  EXPECT_EQ(bare.Header("Location"), "/sites/" + id + "/");
  ExpectSandboxed(bare, "redirect");
  http::Response guide = Visit("GET", "/sites/" + id + "/guide");
  EXPECT_EQ(guide.status, 301);
  EXPECT_EQ(guide.Header("Location"), "/sites/" + id + "/guide/");
}

TEST_F(SiteRoutesTest, AMissingFileIsTheErrorDocumentWith404) {
  std::string id = CreateSite({{"error_document", "oops.html"}});
  http::Response plain = Visit("GET", "/sites/" + id + "/missing.html");
  EXPECT_EQ(plain.status, 404);
  ExpectSandboxed(plain, "plain 404");
  ASSERT_EQ(Put(id, "oops.html", "<h1>Not here</h1>", dev_).status, 200);
  http::Response missing = Visit("GET", "/sites/" + id + "/missing.html");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, "<h1>Not here</h1>");
  EXPECT_EQ(missing.Header("Content-Type"), "text/html; charset=utf-8");
  ExpectSandboxed(missing, "error document");
  // A directory without its index is missing too.
  ASSERT_EQ(Put(id, "empty/a.txt", "a", dev_).status, 200);
  EXPECT_EQ(Visit("GET", "/sites/" + id + "/empty/").status, 404);
}

TEST_F(SiteRoutesTest, NoPathLeavesTheSiteAndSymlinksAreNeverFollowed) {
  std::string id = CreateSite();
  ASSERT_EQ(Put(id, "a/page.html", "page", dev_).status, 200);
  std::string key_file = app_->dir() + "/secret.keys";
  std::ifstream in(key_file);
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(key.empty()) << key_file;
  std::string site = app_->dir() + "/resources/" + id + "/site";
  fs::create_symlink(key_file, site + "/key.txt");
  fs::create_directory_symlink(app_->dir(), site + "/data");
  fs::create_symlink(key_file, site + "/a/index.html");

  for (const std::string& path : std::vector<std::string>{
           "../../../secret.keys", "%2e%2e/%2e%2e/%2e%2e/secret.keys",
           "a/..%2f..%2f..%2f..%2fsecret.keys", "%252e%252e/%252e%252e/%252e%252e/secret.keys",
           "a%2f..%2f..%2f..%2f..%2fsecret.keys", "..%5c..%5c..%5csecret.keys", "/" + key_file,
           "%2f" + key_file.substr(1), "key.txt", "data/secret.keys", "a/", "a/index.html",
           "key.txt%00.html", ".", "a/./page.html"}) {
    std::string target = "/sites/" + id + "/" + path;
    http::Response r = Visit("GET", target);
    EXPECT_TRUE(r.status == 404 || r.status == 301) << target << " " << r.status;
    EXPECT_EQ(r.body.find(key), std::string::npos) << target;
    ExpectSandboxed(r, target);
  }
  // Uploads take the same path rules, and never write through a planted symlink.
  for (const std::string& path :
       std::vector<std::string>{"..%2f..%2fx.html", "%2e%2e/x.html", "a/../../x.html", "a%5cx.html",
                                "x%00.html", "%2fetc%2fx.html", "a//x.html"}) {
    auto r = Put(id, path, "x", dev_);
    EXPECT_EQ(r.status, 422) << path << " " << r.raw.body;
    EXPECT_EQ(r.json["error"]["code"], "invalid_path") << path;
    EXPECT_EQ(r.json["error"]["field"], "path") << path;
  }
  EXPECT_EQ(Put(id, "data/secret.keys", "overwritten", dev_).status, 409);
  std::ifstream again(key_file);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>()),
            key);
}

TEST_F(SiteRoutesTest, OnlyTheOwnerTeamAndSreUploadAndDelete) {
  std::string id = CreateSite();
  EXPECT_EQ(Put(id, "index.html", "dev", dev_).status, 200);
  EXPECT_EQ(Put(id, "index.html", "sre", sre_).status, 200);
  EXPECT_EQ(Put(id, "index.html", "other", other_).status, 403);
  EXPECT_EQ(Put(id, "index.html", "viewer", viewer_).status, 403);
  EXPECT_EQ(Put(id, "index.html", "anonymous", "").status, 401);
  EXPECT_EQ(Visit("GET", "/sites/" + id + "/").body, "sre");
  std::string file = "/api/v1/resources/" + id + "/site/files/index.html";
  EXPECT_EQ(Call("DELETE", file, json(), other_).status, 403);
  EXPECT_EQ(Call("DELETE", file, json(), viewer_).status, 403);
  EXPECT_EQ(Call("DELETE", file, json(), "").status, 401);
  EXPECT_EQ(Visit("GET", "/sites/" + id + "/").status, 200);
  // Browsers need their CSRF token for an upload, as for every change.
  std::string cookie = app_->LoginCookie("dev", "password-dev");
  http::Request forged = http::MakeRequest("PUT", file, "forged");
  forged.headers["Cookie"] = cookie.substr(7, cookie.find('|') - 7);
  EXPECT_EQ(Put(id, "index.html", "browser", cookie).status, 200);
}

TEST_F(SiteRoutesTest, ListingDeletingAndTheAuditLog) {
  std::string id = CreateSite();
  ASSERT_EQ(Put(id, "index.html", "<h1>x</h1>", dev_).status, 200);
  ASSERT_EQ(Put(id, "js/app.js", "let a=1", dev_).status, 200);
  auto listed = Call("GET", "/api/v1/resources/" + id + "/site/files", json(), viewer_);
  ASSERT_EQ(listed.status, 200) << listed.raw.body;
  ASSERT_EQ(listed.json["items"].size(), 2u) << listed.json.dump();
  EXPECT_EQ(listed.json["items"][0]["path"], "index.html");
  EXPECT_EQ(listed.json["items"][1]["path"], "js/app.js");
  EXPECT_EQ(listed.json["items"][1]["size"], 7);
  EXPECT_EQ(listed.json["items"][1]["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(listed.json["total_bytes"], 17);
  EXPECT_EQ(listed.json["url"], std::string(kPublicUrl) + "/sites/" + id + "/");

  auto gone = Call("DELETE", "/api/v1/resources/" + id + "/site/files/js/app.js", json(), dev_);
  EXPECT_EQ(gone.status, 204) << gone.raw.body;
  EXPECT_EQ(Visit("GET", "/sites/" + id + "/js/app.js").status, 404);
  auto twice = Call("DELETE", "/api/v1/resources/" + id + "/site/files/js/app.js", json(), dev_);
  EXPECT_EQ(twice.status, 404);
  EXPECT_EQ(
      Call("GET", "/api/v1/resources/" + id + "/site/files", json(), viewer_).json["items"].size(),
      1u);

  auto audit = Call("GET", "/api/v1/audit?subject=resource:" + id, json(), app_->admin_token());
  std::string actions = audit.json.dump();
  EXPECT_NE(actions.find("resource.site.upload"), std::string::npos) << actions;
  EXPECT_NE(actions.find("resource.site.delete"), std::string::npos) << actions;
}

TEST_F(SiteRoutesTest, LimitsAre413And422) {
  std::string id = CreateSite();
  auto big = Put(id, "big.bin", std::string(65, 'x'), dev_);
  EXPECT_EQ(big.status, 413) << big.raw.body;
  EXPECT_EQ(big.json["error"]["code"], "payload_too_large");
  // The placeholder index is one file of the site already: emptied, it weighs nothing.
  ASSERT_EQ(Put(id, "index.html", "", dev_).status, 200);
  for (const char* name : {"a.bin", "b.bin", "c.bin"}) {
    ASSERT_EQ(Put(id, name, std::string(64, 'x'), dev_).status, 200) << name;
  }
  auto full = Put(id, "d.bin", std::string(64, 'd'), dev_);
  EXPECT_EQ(full.status, 413) << full.raw.body;
  EXPECT_EQ(full.json["error"]["code"], "site_too_large");
  // Replacing a file counts its new size only.
  EXPECT_EQ(Put(id, "c.bin", std::string(8, 'c'), dev_).status, 200);
  for (const char* name : {"1", "2"}) ASSERT_EQ(Put(id, name, "", dev_).status, 200);
  auto many = Put(id, "3", "", dev_);
  EXPECT_EQ(many.status, 422) << many.raw.body;
  EXPECT_EQ(many.json["error"]["code"], "too_many_files");
}

TEST_F(SiteRoutesTest, WhatIsNotAReadyLocalSiteIs404) {
  EXPECT_EQ(Visit("GET", "/sites/nope/").status, 404);
  EXPECT_EQ(Visit("GET", "/sites/nope").status, 404);
  ExpectSandboxed(Visit("GET", "/sites/nope/x"), "unknown");
  auto redis = Call("POST", "/api/v1/projects/chat-gateway/resources",
                    {{"kind", "redis"}, {"name", "cache"}, {"environment", "alpha"}}, dev_);
  ASSERT_EQ(redis.status, 202) << redis.raw.body;
  std::string redis_id = redis.json["id"];
  EXPECT_EQ(WaitSettled(redis_id)["status"], "ready");
  EXPECT_EQ(Visit("GET", "/sites/" + redis_id + "/").status, 404);
  EXPECT_EQ(Visit("GET", "/sites/" + redis_id + "/redis.conf").status, 404);
  EXPECT_EQ(Put(redis_id, "index.html", "x", dev_).status, 409);

  std::string id = CreateSite();
  ASSERT_EQ(Put(id, "index.html", "live", dev_).status, 200);
  ASSERT_EQ(Visit("GET", "/sites/" + id + "/").body, "live");
  ASSERT_EQ(Call("DELETE", "/api/v1/resources/" + id + "?confirm=docs", json(), dev_).status, 202);
  EXPECT_EQ(WaitSettled(id)["status"], "deleted");
  EXPECT_EQ(Visit("GET", "/sites/" + id + "/").status, 404);
  EXPECT_FALSE(fs::exists(app_->dir() + "/resources/" + id));
  EXPECT_EQ(Put(id, "index.html", "again", dev_).status, 409);
}

// Only the upload of a site's file takes a body beyond the server's usual limit: the file limit.
TEST(SiteRouteTableTest, OnlyUploadsOfSiteFilesTakeTheFileLimit) {
  local::SiteLimits limits{.max_file_bytes = 10 << 20};
  std::map<std::string, size_t> larger;
  for (const http::Route& route : SiteRoutes(nullptr, nullptr, nullptr, limits)) {
    if (route.max_body_bytes) larger[route.method + " " + route.path] = route.max_body_bytes;
  }
  EXPECT_EQ(larger, (std::map<std::string, size_t>{
                        {"PUT /api/v1/resources/{id}/site/files/{path...}", size_t{10 << 20}}}));
}

}  // namespace
}  // namespace paved::resources
