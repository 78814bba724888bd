// `paved serve` as a real process: start-up line, login over HTTP, graceful stop, restart with the
// same data, and two replicas on one PostgreSQL database.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "gtest/gtest.h"
#include "http/client.h"
#include "nlohmann/json.hpp"
#include "tests/integration/paved_process.h"
#include "tests/support/postgres_server.h"

namespace paved::integration {
namespace {

using json = nlohmann::json;
constexpr char kPassword[] = "integration-password";

class Api {
 public:
  explicit Api(std::string base) : base_(std::move(base)), client_(http::NewCurlClient()) {}

  json Call(const std::string& method, const std::string& path, const json& body = nullptr,
            int* status = nullptr) {
    http::ClientHeaders headers = {{"Content-Type", "application/json"}};
    if (!token_.empty()) headers.push_back({"Authorization", "Bearer " + token_});
    auto r = client_->Send(method, base_ + path, headers, body.is_null() ? "" : body.dump(),
                           std::chrono::seconds(10));
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return nullptr;
    if (status) *status = r->status;
    last_ = *r;
    return json::parse(r->body, nullptr, false);
  }

  // Logs in as admin and switches to an API token.
  void LoginAdmin() {
    int status = 0;
    Call("POST", "/api/v1/auth/login", {{"login", "admin"}, {"password", kPassword}}, &status);
    ASSERT_EQ(status, 200);
    std::string cookie = last_.Header("Set-Cookie");
    cookie = cookie.substr(0, cookie.find(';'));
    std::string csrf = json::parse(last_.body)["csrf_token"];
    auto r = client_->Send(
        "POST", base_ + "/api/v1/tokens",
        {{"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"Content-Type", "application/json"}},
        R"({"name":"it"})", std::chrono::seconds(10));
    ASSERT_TRUE(r.ok());
    token_ = json::parse(r->body)["token"];
  }

  const std::string& token() const { return token_; }
  const http::ClientResponse& last() const { return last_; }

 private:
  std::string base_;
  std::unique_ptr<http::Client> client_;
  std::string token_;
  http::ClientResponse last_;
};

std::string TempDir() {
  char tmpl[] = "/tmp/paved-it-XXXXXX";
  return mkdtemp(tmpl);
}

TEST(ServeTest, StartsServesStopsAndKeepsData) {
  std::string dir = TempDir();
  {
    PavedProcess paved({"--listen", "127.0.0.1:0", "--data-dir", dir},
                       {{"PAVED_ADMIN_PASSWORD", kPassword}});
    ASSERT_TRUE(paved.Start()) << paved.output();
    EXPECT_EQ(paved.base_url().rfind("http://127.0.0.1:", 0), 0u);
    EXPECT_NE(paved.base_url(), "http://127.0.0.1:0");
    Api api(paved.base_url());
    EXPECT_EQ(api.Call("GET", "/healthz")["status"], "ok");
    EXPECT_EQ(api.Call("GET", "/readyz")["status"], "ready");
    api.LoginAdmin();
    auto demo = api.Call("GET", "/api/v1/projects?owner=chat-platform");
    EXPECT_GE(demo["items"].size(), 1u);  // demo data on first start
    int status = 0;
    api.Call("POST", "/api/v1/teams", {{"slug", "it-team"}, {"name", "IT"}}, &status);
    EXPECT_EQ(status, 201);
    std::string big(2 << 20, 'x');
    api.Call("POST", "/api/v1/teams", {{"slug", "big"}, {"name", big}}, &status);
    EXPECT_EQ(status, 413);
    EXPECT_EQ(api.Call("GET", "/healthz")["status"], "ok");  // still up
    EXPECT_EQ(paved.Terminate(), 0);
  }
  {
    PavedProcess again({"--listen", "127.0.0.1:0", "--data-dir", dir},
                       {{"PAVED_ADMIN_PASSWORD", "a-different-one"}});
    ASSERT_TRUE(again.Start()) << again.output();
    EXPECT_EQ(again.output().find("created user admin"), std::string::npos);
    Api api(again.base_url());
    api.LoginAdmin();  // the first password still works
    EXPECT_EQ(api.Call("GET", "/api/v1/teams/it-team")["name"], "IT");
    EXPECT_EQ(again.Terminate(), 0);
  }
  std::filesystem::remove_all(dir);
}

// The pids of the demo app's live instances, from the local runtime's state file.
std::vector<int> DemoPids(const std::string& dir) {
  std::ifstream in(dir + "/local-runtime/local-alpha/chat-gateway/state.json");
  json state = json::parse(in, nullptr, false);
  std::vector<int> out;
  if (!state.is_object()) return out;
  for (const auto& i : state.value("instances", json::array())) {
    int pid = i.value("pid", 0);
    if (pid > 0 && kill(pid, 0) == 0) out.push_back(pid);
  }
  return out;
}

std::vector<int> AwaitDemoPids(const std::string& dir) {
  for (int i = 0; i < 600; ++i) {
    if (auto pids = DemoPids(dir); !pids.empty()) return pids;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return {};
}

std::string ProcessEnvironment(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
  std::string env(std::istreambuf_iterator<char>(in), {});
  for (char& c : env) c = c == '\0' ? '\n' : c;
  return env;
}

// A workload on the local runtime sees none of the server's environment; it keeps running when
// the server stops (which says so), and the next start re-adopts it instead of starting another.
TEST(ServeTest, LocalWorkloadsGetACleanEnvironmentAndOutliveTheServer) {
  std::string dir = TempDir();
  const std::map<std::string, std::string> env = {{"PAVED_ADMIN_PASSWORD", kPassword},
                                                  {"PAVED_DEMO_DEPLOY", "true"},
                                                  {"AWS_SECRET_ACCESS_KEY", "marker-aws-secret"},
                                                  {"PAVED_TEST_MARKER", "marker-variable"}};
  std::vector<int> pids;
  {
    PavedProcess paved({"--listen", "127.0.0.1:0", "--data-dir", dir}, env);
    ASSERT_TRUE(paved.Start()) << paved.output();
    pids = AwaitDemoPids(dir);
    ASSERT_FALSE(pids.empty()) << "the demo app never started";
    std::string workload_env = ProcessEnvironment(pids.front());
    ASSERT_NE(workload_env.find("PAVED_PROJECT=chat-gateway"), std::string::npos) << workload_env;
    EXPECT_EQ(workload_env.find("marker"), std::string::npos) << workload_env;
    EXPECT_EQ(workload_env.find(kPassword), std::string::npos) << workload_env;
    EXPECT_NE(
        workload_env.find("\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"),
        std::string::npos)
        << workload_env;
    EXPECT_EQ(paved.Terminate(), 0);
    EXPECT_NE(paved.output().find("local workload process"), std::string::npos) << paved.output();
    EXPECT_NE(paved.output().find("keep"), std::string::npos) << paved.output();
    EXPECT_NE(paved.output().find("re-adopts them"), std::string::npos) << paved.output();
  }
  for (int pid : pids) EXPECT_EQ(kill(pid, 0), 0) << "instance " << pid << " stopped with Paved";
  {
    PavedProcess again({"--listen", "127.0.0.1:0", "--data-dir", dir},
                       {{"PAVED_ADMIN_PASSWORD", kPassword}});
    ASSERT_TRUE(again.Start()) << again.output();
    std::this_thread::sleep_for(std::chrono::seconds(2));  // a few supervisor rounds
    EXPECT_EQ(DemoPids(dir), pids) << "re-adopted, not restarted";
    EXPECT_EQ(again.Terminate(), 0);
  }
  for (int pid : pids) {
    kill(-pid, SIGKILL);  // each instance leads its process group
    kill(pid, SIGKILL);
  }
  std::filesystem::remove_all(dir);
}

TEST(ServeTest, RandomAdminPasswordIsPrintedOnce) {
  std::string dir = TempDir();
  PavedProcess paved({"--listen", "127.0.0.1:0", "--data-dir", dir}, {});
  ASSERT_TRUE(paved.Start()) << paved.output();
  auto pos = paved.output().find("created user admin with password ");
  ASSERT_NE(pos, std::string::npos) << paved.output();
  std::string password = paved.output().substr(pos + 33);
  password = password.substr(0, password.find(' '));
  EXPECT_GE(password.size(), 16u);
  Api api(paved.base_url());
  int status = 0;
  api.Call("POST", "/api/v1/auth/login", {{"login", "admin"}, {"password", password}}, &status);
  EXPECT_EQ(status, 200);
  paved.Terminate();
  std::filesystem::remove_all(dir);
}

TEST(ServeTest, TwoReplicasShareOnePostgresDatabase) {
  auto pg = test_support::PostgresServer::Shared();
  ASSERT_TRUE(pg.ok()) << pg.status();
  auto url = (*pg)->CreateDatabase("replicas");
  ASSERT_TRUE(url.ok()) << url.status();
  std::string dir_a = TempDir(), dir_b = TempDir();
  std::map<std::string, std::string> env = {{"PAVED_ADMIN_PASSWORD", kPassword}};
  PavedProcess a({"--listen", "127.0.0.1:0", "--data-dir", dir_a, "--store", *url}, env);
  PavedProcess b({"--listen", "127.0.0.1:0", "--data-dir", dir_b, "--store", *url}, env);
  ASSERT_TRUE(a.Start()) << a.output();
  ASSERT_TRUE(b.Start()) << b.output();
  Api api_a(a.base_url()), api_b(b.base_url());
  api_a.LoginAdmin();
  api_b.LoginAdmin();

  // A live stream on replica B sees a change made through replica A (LISTEN/NOTIFY).
  auto stream = std::async(std::launch::async, [&] {
    return ReadStreamUntil(b.base_url(), "/api/v1/events/stream?after=0", api_b.token(),
                           "replica-made", 15'000);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int status = 0;
  api_a.Call("POST", "/api/v1/teams", {{"slug", "replica-made"}, {"name", "Made on A"}}, &status);
  ASSERT_EQ(status, 201);
  EXPECT_EQ(api_b.Call("GET", "/api/v1/teams/replica-made")["name"], "Made on A");
  std::string streamed = stream.get();
  EXPECT_NE(streamed.find("text/event-stream"), std::string::npos);
  EXPECT_NE(streamed.find("\"team.create\""), std::string::npos);
  EXPECT_NE(streamed.find("replica-made"), std::string::npos);

  // Both replicas enforce the same constraints.
  api_b.Call("POST", "/api/v1/teams", {{"slug", "replica-made"}, {"name", "Again"}}, &status);
  EXPECT_EQ(status, 409);
  EXPECT_EQ(a.Terminate(), 0);
  EXPECT_EQ(b.Terminate(), 0);
  std::filesystem::remove_all(dir_a);
  std::filesystem::remove_all(dir_b);
}

}  // namespace
}  // namespace paved::integration
