#include "tests/security/security_fixture.h"

#include <chrono>

#include "nlohmann/json.hpp"

namespace paved::security_test {

using json = nlohmann::json;

World* SecurityTest::world_ = nullptr;

namespace {

void Expect(const server::testing::TestApp::Reply& r, int status, const std::string& what) {
  ASSERT_EQ(r.status, status) << what << ": " << r.raw.body;
}

void Populate(World& w) {
  server::testing::TestApp& t = *w.app;
  const std::string& admin = t.admin_token();
  for (const char* team : {"team-a", "team-b"}) {
    Expect(t.Call("POST", "/api/v1/teams", json{{"slug", team}, {"name", team}}, admin), 201, team);
  }
  Expect(t.Call("POST", "/api/v1/projects",
                json{{"slug", kProjectA}, {"name", "A"}, {"owner_team", kTeamA}}, admin),
         201, "project");
  w.viewer = t.UserToken("viewer-user", "viewer");
  w.developer_b = t.UserToken("dev-b", "developer");
  w.developer_a = t.UserToken("dev-a", "developer");
  Expect(t.Call("POST", "/api/v1/teams/team-b/members", json{{"login", "dev-b"}}, admin), 201,
         "member b");
  Expect(t.Call("POST", "/api/v1/teams/team-a/members", json{{"login", "dev-a"}}, admin), 201,
         "member a");
  const std::string p = std::string("/api/v1/projects/") + kProjectA;
  Expect(t.Call("PUT", p + "/config/alpha/app-config", json{{"data", {{"GREETING", "hi"}}}}, admin),
         201, "config");
  Expect(t.Call("PUT", p + "/secrets/alpha/db-password", json{{"value", "s3cret-value"}}, admin),
         201, "secret");
  Expect(t.Call("POST", p + "/artifacts",
                json{{"image", "registry.example.com/proj-a"},
                     {"digest", "sha256:" + std::string(64, 'a')},
                     {"git_sha", "abc"}},
                admin),
         201, "artifact");
  auto cluster = t.Call("PUT", std::string("/api/v1/clusters/") + kGitopsCluster,
                        json{{"region", "local"},
                             {"environment", "alpha"},
                             {"runtime", "gitops"},
                             {"endpoint", "file:///nonexistent/repo.git"},
                             {"credentials", kClusterCredentials}},
                        admin);
  ASSERT_TRUE(cluster.status == 200 || cluster.status == 201) << cluster.raw.body;
  Expect(t.Call("PUT", p + "/targets", json{{"clusters", {"local-alpha", kGitopsCluster}}}, admin),
         200, "targets");
}

}  // namespace

void SecurityTest::SetUpTestSuite() {
  if (world_ != nullptr) return;
  world_ = new World;
  world_->app = std::make_unique<server::testing::TestApp>();
  world_->admin = world_->app->admin_token();
  Populate(*world_);
  http::ServerOptions options;
  options.port = 0;
  options.threads = 2;
  world_->max_body_bytes = options.max_body_bytes;
  server::App* app = &world_->app->app();
  // As `paved serve` wires it: uploads may be larger, for callers allowed to upload.
  options.body_limit = [app](const http::Request& head) { return app->BodyLimit(head); };
  world_->server = http::NewServer(options, [app](http::Request& req) { return app->Handle(req); });
  auto port = world_->server->Start();
  ASSERT_TRUE(port.ok()) << port.status();
  world_->base_url = "http://127.0.0.1:" + std::to_string(*port);
  world_->client = http::NewCurlClient({.use_env_proxy = false});
}

void SecurityTest::TearDownTestSuite() {
  if (world_ == nullptr) return;
  world_->server->Stop();
  delete world_;
  world_ = nullptr;
}

http::ClientResponse SecurityTest::Send(const std::string& method, const std::string& target,
                                        const std::string& body, const std::string& token,
                                        http::ClientHeaders headers) {
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  auto r = world_->client->Send(method, world_->base_url + target, headers, body,
                                std::chrono::seconds(20));
  EXPECT_TRUE(r.ok()) << method << " " << target << ": " << r.status();
  return r.value_or(http::ClientResponse{});
}

}  // namespace paved::security_test
