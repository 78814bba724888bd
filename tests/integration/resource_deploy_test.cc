// A Redis created through the API reaches an app deployed with `resources: [cache]` in its
// paved.yaml: the app finds REDIS_URL, REDIS_HOST and REDIS_PORT in its environment and talks to
// the real redis-server with them; nobody typed a host name or a password.
#include <signal.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/files.h"
#include "gtest/gtest.h"
#include "http/client.h"
#include "nlohmann/json.hpp"
#include "tests/integration/api_client.h"
#include "tests/integration/paved_process.h"

namespace paved::integration {
namespace {

constexpr char kPassword[] = "resource-deploy-password";
constexpr char kProject[] = "cache-app";
constexpr char kDigest[] =
    "sha256:4444444444444444444444444444444444444444444444444444444444444444";

// On each request the app opens REDIS_URL, writes a key and reads it back, and answers what
// Redis said with the host and port it was given.
constexpr char kSpec[] = R"(apiVersion: paved.dev/v1
services:
  web:
    image: registry.example.com/cache-app
    port: 8080
    replicas: 1
    health: {path: /}
resources: [cache]
local:
  web:
    command:
      - python3
      - -c
      - |
        import os, socket, time, urllib.parse, http.server as s
        class H(s.BaseHTTPRequestHandler):
            def do_GET(self):
                u = urllib.parse.urlparse(os.environ["REDIS_URL"])
                c = socket.create_connection((u.hostname, u.port), 2)
                c.sendall(("AUTH %s\r\nSET paved-key hello\r\nGET paved-key\r\n" % u.password).encode())
                time.sleep(0.3)
                said = c.recv(1000).decode().replace("\r\n", " ")
                body = "%s:%s %s" % (os.environ["REDIS_HOST"], os.environ["REDIS_PORT"], said)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(body.encode())
        s.HTTPServer(("127.0.0.1", ${PORT}), H).serve_forever()
)";

class ResourceDeployTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/paved-resource-deploy-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }

  // The server first, then every process it left: local instances and the Redis.
  void TearDown() override {
    if (server_ != nullptr) server_->Terminate();
    server_.reset();
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir_, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (name != "state.json" && name != "process.json") continue;
      json state = json::parse(ReadWholeFile(it->path().string()).value_or(""), nullptr, false);
      if (!state.is_object()) continue;
      if (state.value("pid", 0) > 0) kill(-state["pid"].get<int>(), SIGKILL);
      for (const json& instance : state.value("instances", json::array())) {
        if (instance.value("pid", 0) > 0) kill(-instance["pid"].get<int>(), SIGKILL);
      }
    }
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::string dir_;
  std::unique_ptr<PavedProcess> server_;
};

TEST_F(ResourceDeployTest, AnAppNamingItsRedisGetsItsConnectionInItsEnvironment) {
  server_ = std::make_unique<PavedProcess>(
      std::vector<std::string>{"--listen", "127.0.0.1:0", "--data-dir", dir_},
      std::map<std::string, std::string>{{"PAVED_ADMIN_PASSWORD", kPassword},
                                         {"PAVED_ACCESS_LOG", "false"}});
  ASSERT_TRUE(server_->Start()) << server_->output();
  Api api(server_->base_url());
  ASSERT_NO_FATAL_FAILURE(api.LoginAdmin(kPassword));
  int status = 0;
  api.Call("POST", "/teams", {{"slug", "cache-team"}, {"name", "Cache"}}, &status);
  ASSERT_EQ(status, 201) << api.last().body;
  api.Call("POST", "/projects",
           {{"slug", kProject}, {"name", kProject}, {"owner_team", "cache-team"}}, &status);
  ASSERT_EQ(status, 201) << api.last().body;
  const std::string project = std::string("/projects/") + kProject;
  api.Call("PUT", project + "/targets", {{"clusters", json::array({"local-alpha"})}}, &status);
  ASSERT_EQ(status, 200) << api.last().body;
  api.Send("PUT", project + "/spec", "application/yaml", kSpec, &status);
  ASSERT_EQ(status, 201) << api.last().body;
  api.Call("POST", project + "/artifacts",
           {{"image", "registry.example.com/cache-app"}, {"digest", kDigest}, {"git_sha", "abc"}},
           &status);
  ASSERT_EQ(status, 201) << api.last().body;
  const json deploy = {{"artifact", kDigest},
                       {"environment", "alpha"},
                       {"clusters", json::array({"local-alpha"})},
                       {"reason", "resource test"}};

  // Before the Redis exists, the deploy says what is missing and how to make it.
  api.Call("POST", project + "/deployments", deploy, &status);
  EXPECT_EQ(status, 422) << api.last().body;
  EXPECT_NE(api.last().body.find("paved resources create"), std::string::npos) << api.last().body;

  json created =
      api.Call("POST", project + "/resources",
               {{"kind", "redis"}, {"name", "cache"}, {"environment", "alpha"}}, &status);
  ASSERT_EQ(status, 202) << api.last().body;
  const std::string token = created["auth_token"];
  json ready = PollUntil(
      [&] { return api.Call("GET", "/resources/" + created["id"].get<std::string>()); },
      [](const json& r) { return r.is_object() && r.value("status", "") != "creating"; }, 60);
  ASSERT_EQ(ready["status"], "ready") << ready.dump();
  const std::string port = std::to_string(ready["connection"]["port"].get<int>());

  // The rendered manifests carry the URL as a secret reference, never its value.
  json manifests = api.Call("GET", project + "/manifests?env=alpha&cluster=local-alpha");
  ASSERT_TRUE(manifests.is_object()) << api.last().body;
  EXPECT_EQ(api.last().body.find(token), std::string::npos);
  EXPECT_NE(api.last().body.find("resource.cache.url"), std::string::npos);

  json started = api.Call("POST", project + "/deployments", deploy, &status);
  ASSERT_EQ(status, 201) << api.last().body;
  const std::string path =
      project + "/deployments/" + started["deployments"][0]["id"].get<std::string>();
  json done = PollUntil([&] { return api.Call("GET", path); },
                        [](const json& d) {
                          std::string state = d.is_object() ? d.value("state", "") : "";
                          return state == "succeeded" || state == "failed";
                        },
                        90);
  ASSERT_EQ(done.value("state", ""), "succeeded") << done.dump() << server_->output();

  json workloads = api.Call("GET", project + "/workloads?cluster=local-alpha", nullptr, &status);
  ASSERT_EQ(status, 200) << api.last().body;
  std::string url;
  for (const json& target : workloads.value("items", json::array())) {
    for (const json& workload : target.value("workloads", json::array())) {
      for (const json& instance : workload.value("instances", json::array())) {
        url = instance.value("url", url);
      }
    }
  }
  ASSERT_FALSE(url.empty()) << workloads.dump();
  auto answer = http::NewCurlClient()->Send("GET", url + "/", {}, "", std::chrono::seconds(10));
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->body, "127.0.0.1:" + port + " +OK +OK $5 hello ");
}

}  // namespace
}  // namespace paved::integration
