#include <map>
#include <set>

#include "gtest/gtest.h"
#include "server/testing/test_app.h"
#include "tests/support/test_databases.h"

namespace paved::server {
namespace {

using testing::TestApp;
using json = nlohmann::json;

constexpr char kSpec[] = R"(apiVersion: paved.dev/v1
services:
  web:
    image: registry.example.com/chat-gateway
    port: 8080
    replicas: {alpha: 1, production: 3}
    health: {path: /healthz}
    config: [app-config]
    secrets: [db-password]
)";

constexpr char kDigest[] =
    "sha256:ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12";

std::string DatabaseFor(store::Engine engine) {
  auto url = test_support::NewDatabaseUrl(engine);
  EXPECT_TRUE(url.ok()) << url.status();  // PostgreSQL must start: never skip
  return url.value_or("postgres://unavailable");
}

const json* FindObject(const json& objects, const std::string& kind) {
  for (const auto& o : objects) {
    if (o["kind"] == kind) return &o;
  }
  return nullptr;
}

// Spec → manifests → policy through the API, on both store engines.
class DeployApiTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  DeployApiTest() : t_(DatabaseFor(GetParam())) {}
  void SetUp() override {
    ASSERT_EQ(Call("POST", "/api/v1/teams", json{{"slug", "chat"}, {"name", "Chat"}}).status, 201);
    ASSERT_EQ(Call("POST", "/api/v1/projects",
                   json{{"slug", "chat-gateway"}, {"name", "Chat gateway"}, {"owner_team", "chat"}})
                  .status,
              201);
  }
  TestApp::Reply Call(const std::string& method, const std::string& target, const json& body) {
    return t_.Call(method, target, body, t_.admin_token());
  }
  TestApp::Reply Get(const std::string& target) {
    return t_.Call("GET", target, "", t_.admin_token());
  }
  void PushSpecAndReferences() {
    auto pushed =
        Call("PUT", "/api/v1/projects/chat-gateway/spec", json{{"yaml", kSpec}, {"message", "v1"}});
    ASSERT_EQ(pushed.status, 201) << pushed.raw.body;
    for (const char* env : {"alpha", "production"}) {
      ASSERT_EQ(
          Call("PUT", std::string("/api/v1/projects/chat-gateway/config/") + env + "/app-config",
               json{{"data", {{"LOG_LEVEL", "info"}}}})
              .status,
          201);
      ASSERT_EQ(
          Call("PUT", std::string("/api/v1/projects/chat-gateway/secrets/") + env + "/db-password",
               json{{"value", "hunter2-planted-secret"}})
              .status,
          201);
    }
  }
  TestApp t_;
};

TEST_P(DeployApiTest, ManifestsNeedASpec) {
  auto r = Get("/api/v1/projects/chat-gateway/manifests");
  EXPECT_EQ(r.status, 404) << r.raw.body;
  EXPECT_EQ(Get("/api/v1/projects/nope/manifests").status, 404);
}

TEST_P(DeployApiTest, ReferencesWithoutVersionsAreNamed) {
  ASSERT_EQ(Call("PUT", "/api/v1/projects/chat-gateway/spec", json{{"yaml", kSpec}}).status, 201);
  auto r = Get("/api/v1/projects/chat-gateway/manifests?env=alpha");
  EXPECT_EQ(r.status, 422) << r.raw.body;
  EXPECT_EQ(r.json["error"]["code"], "unresolved_reference");
  EXPECT_EQ(r.json["error"]["message"],
            "config set 'app-config' has no version in environment 'alpha'; create it with "
            "`paved config set -p chat-gateway alpha app-config KEY=VALUE`");
  ASSERT_EQ(Call("PUT", "/api/v1/projects/chat-gateway/config/alpha/app-config",
                 json{{"data", {{"LOG_LEVEL", "info"}}}})
                .status,
            201);
  auto secret = Get("/api/v1/projects/chat-gateway/manifests?env=alpha");
  EXPECT_EQ(secret.status, 422) << secret.raw.body;
  EXPECT_EQ(secret.json["error"]["message"],
            "secret 'db-password' has no version in environment 'alpha'; create it with "
            "`paved secret set -p chat-gateway alpha db-password < FILE`");
}

// A project created through the API deploys without any setup: it starts with the platform's
// default targets (the local clusters, as no default_targets are configured).
TEST_P(DeployApiTest, ANewProjectStartsWithTheDefaultTargets) {
  auto targets = Get("/api/v1/projects/chat-gateway/targets");
  ASSERT_EQ(targets.status, 200) << targets.raw.body;
  std::vector<std::string> names;
  for (const auto& c : targets.json["items"]) names.push_back(c["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"local-alpha", "local-production"}));
}

TEST_P(DeployApiTest, RendersPinnedVersionsWithoutRevealingSecrets) {
  PushSpecAndReferences();
  auto r = Get(std::string("/api/v1/projects/chat-gateway/manifests?env=alpha&digest=") + kDigest);
  ASSERT_EQ(r.status, 200) << r.raw.body;
  EXPECT_EQ(r.json["cluster"], "local-alpha");  // the environment's first cluster
  EXPECT_EQ(r.json["spec_version"], 1);
  EXPECT_EQ(r.json["config_versions"]["app-config"], 1);
  EXPECT_EQ(r.json["secret_versions"]["db-password"], 1);
  const json* deployment = FindObject(r.json["objects"], "Deployment");
  ASSERT_NE(deployment, nullptr);
  EXPECT_EQ(deployment->at("spec")["template"]["spec"]["containers"][0]["image"],
            std::string("registry.example.com/chat-gateway@") + kDigest);
  EXPECT_EQ(r.raw.body.find("hunter2"), std::string::npos);
  EXPECT_EQ(r.raw.body.find("aHVudGVyMi"), std::string::npos);  // nor its base64
  EXPECT_EQ(r.json["hash"].get<std::string>().rfind("sha256:", 0), 0u);

  auto yaml = Get("/api/v1/projects/chat-gateway/manifests?env=alpha&format=yaml");
  ASSERT_EQ(yaml.status, 200);
  EXPECT_NE(yaml.raw.body.find("kind: Deployment"), std::string::npos);
  EXPECT_EQ(yaml.raw.body.find("hunter2"), std::string::npos);
}

TEST_P(DeployApiTest, SameInputsSameHashNewSpecNewHash) {
  PushSpecAndReferences();
  auto a = Get("/api/v1/projects/chat-gateway/manifests?env=production");
  auto b = Get("/api/v1/projects/chat-gateway/manifests?env=production");
  ASSERT_EQ(a.status, 200) << a.raw.body;
  EXPECT_EQ(a.json["hash"], b.json["hash"]);
  std::string changed = std::string(kSpec) + "    env: {LOG_LEVEL: debug}\n";
  ASSERT_EQ(Call("PUT", "/api/v1/projects/chat-gateway/spec", json{{"yaml", changed}}).status, 201);
  auto c = Get("/api/v1/projects/chat-gateway/manifests?env=production");
  EXPECT_EQ(c.json["spec_version"], 2);
  EXPECT_NE(c.json["hash"], a.json["hash"]);
  auto old = Get("/api/v1/projects/chat-gateway/manifests?env=production&version=1");
  EXPECT_EQ(old.json["hash"], a.json["hash"]);
}

TEST_P(DeployApiTest, ClusterMustBelongToTheEnvironment) {
  PushSpecAndReferences();
  auto r = Get("/api/v1/projects/chat-gateway/manifests?env=alpha&cluster=local-production");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json["error"]["field"], "cluster");
  auto staging = Get("/api/v1/projects/chat-gateway/manifests?env=staging");
  EXPECT_EQ(staging.status, 422);
  EXPECT_EQ(staging.json["error"]["code"], "unknown_environment");
  EXPECT_EQ(staging.json["error"]["field"], "env");
  EXPECT_EQ(Get("/api/v1/projects/chat-gateway/manifests?digest=latest").status, 422);
}

TEST_P(DeployApiTest, TargetsChooseTheDefaultCluster) {
  PushSpecAndReferences();
  ASSERT_EQ(Call("PUT", "/api/v1/clusters/prod-eu",
                 json{{"region", "eu-west-1"},
                      {"environment", "production"},
                      {"runtime", "kubernetes"},
                      {"endpoint", "https://k8s.example.com"},
                      {"mesh", "istio"},
                      {"zones", {"eu-west-1a", "eu-west-1b"}}})
                .status,
            200);
  ASSERT_EQ(
      Call("PUT", "/api/v1/projects/chat-gateway/targets", json{{"clusters", {"prod-eu"}}}).status,
      200);
  auto r = Get("/api/v1/projects/chat-gateway/manifests?env=production");
  ASSERT_EQ(r.status, 200) << r.raw.body;
  EXPECT_EQ(r.json["cluster"], "prod-eu");
  EXPECT_NE(FindObject(r.json["objects"], "DestinationRule"), nullptr);  // istio mesh
}

TEST_P(DeployApiTest, PolicyOnRenderedManifestsHonoursExceptions) {
  PushSpecAndReferences();
  // The standard rendering passes its own policy.
  auto clean = Get("/api/v1/projects/chat-gateway/policy?env=production");
  ASSERT_EQ(clean.status, 200) << clean.raw.body;
  EXPECT_FALSE(clean.json["blocking"].get<bool>()) << clean.json.dump(2);
  // One replica in production breaks a rule ...
  std::string single = R"(apiVersion: paved.dev/v1
services:
  web:
    image: registry.example.com/chat-gateway
    port: 8080
    health: {path: /healthz}
)";
  ASSERT_EQ(Call("PUT", "/api/v1/projects/chat-gateway/spec", json{{"yaml", single}}).status, 201);
  auto blocked = Get("/api/v1/projects/chat-gateway/policy?env=production");
  ASSERT_EQ(blocked.status, 200);
  EXPECT_TRUE(blocked.json["blocking"].get<bool>());
  std::set<std::string> rules;
  for (const auto& f : blocked.json["findings"]) rules.insert(f["rule"].get<std::string>());
  ASSERT_TRUE(rules.count("production-replicas")) << blocked.json.dump(2);
  // ... until an SRE records an exception for every blocking rule.
  for (const auto& rule : rules) {
    auto added = Call("POST", "/api/v1/projects/chat-gateway/policy/exceptions",
                      json{{"rule", rule}, {"reason", "load test box"}, {"duration", "7d"}});
    ASSERT_EQ(added.status, 201) << added.raw.body;
  }
  auto excepted = Get("/api/v1/projects/chat-gateway/policy?env=production");
  EXPECT_FALSE(excepted.json["blocking"].get<bool>()) << excepted.json.dump(2);
  EXPECT_TRUE(excepted.json["findings"][0]["excepted"].get<bool>());
}

TEST_P(DeployApiTest, StandardsAreReadable) {
  auto r = Get("/api/v1/platform/standards");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.json.is_object());
}

// Every GET route of the whole server, with a secret planted: its value (or its base64) never
// appears in an answer.
TEST_P(DeployApiTest, NoRouteRevealsASecretValue) {
  PushSpecAndReferences();
  const std::map<std::string, std::string> values = {{"{slug}", "chat-gateway"},
                                                     {"{env}", "production"},
                                                     {"{set}", "app-config"},
                                                     {"{name}", "db-password"}};
  int called = 0;
  for (const auto& route : t_.app().router().routes()) {
    if (route.method != "GET" || route.path.find("/stream") != std::string::npos) continue;
    std::string target = route.path;
    for (size_t open; (open = target.find('{')) != std::string::npos;) {
      size_t close = target.find('}', open);
      std::string param = target.substr(open, close - open + 1);
      auto it = values.find(param);
      target.replace(open, param.size(), it == values.end() ? "x" : it->second);
    }
    for (const char* query : {"", "?env=production", "?env=production&format=yaml"}) {
      auto r = Get(target + query);
      EXPECT_EQ(r.raw.body.find("hunter2"), std::string::npos) << target << query;
      EXPECT_EQ(r.raw.body.find("aHVudGVyMi"), std::string::npos) << target << query;
      ++called;
    }
  }
  EXPECT_GT(called, 60);
}

INSTANTIATE_TEST_SUITE_P(Engines, DeployApiTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::server
