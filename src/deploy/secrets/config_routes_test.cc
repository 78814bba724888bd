#include "deploy/secrets/config_routes.h"

#include "deploy/secrets/secret_store.h"
#include "deploy/secrets/secrets_test_fixture.h"

namespace paved::deploy {
namespace {

using json = nlohmann::json;
using testing::EngineParamName;
using testing::SecretsFixture;

constexpr char kConfig[] = "/api/v1/projects/chat-gateway/config";
constexpr char kSecrets[] = "/api/v1/projects/chat-gateway/secrets";
constexpr char kDistinctive[] = "Zq9-very-distinctive-secret-value-7Xk";

class ConfigRoutesTest : public SecretsFixture {
 protected:
  Reply PutConfig(const std::string& set, const json& body, const http::Caller& who) {
    return Call("PUT", std::string(kConfig) + "/alpha/" + set, who, body.dump());
  }
  Reply PutSecret(const std::string& name, const json& body, const http::Caller& who) {
    return Call("PUT", std::string(kSecrets) + "/alpha/" + name, who, body.dump());
  }
  std::vector<audit::Event> Events() {
    auto events = audit_->List({.limit = 500});
    EXPECT_TRUE(events.ok()) << events.status();
    return events.value_or(std::vector<audit::Event>{});
  }
};

TEST_P(ConfigRoutesTest, ConfigVersionsHistoryDiffAndSets) {
  Reply v1 = PutConfig("app-config",
                       {{"data", {{"LOG_LEVEL", "info"}}},
                        {"files", {{"app.yaml", "a: 1\n"}}},
                        {"message", "first"}},
                       Developer("chat"));
  ASSERT_EQ(v1.status, 201) << v1.body;
  EXPECT_EQ(v1.json["version"], 1);
  EXPECT_EQ(v1.json["author"], "dev-chat");
  Reply v2 = PutConfig("app-config", {{"data", {{"LOG_LEVEL", "debug"}, {"X", "1"}}}}, Admin());
  ASSERT_EQ(v2.status, 201) << v2.body;
  EXPECT_EQ(v2.json["version"], 2);
  EXPECT_EQ(v2.json["changes"]["changed"], json::array({"LOG_LEVEL"}));
  EXPECT_EQ(v2.json["changes"]["removed"], json::array({"files/app.yaml"}));

  Reply latest = Call("GET", std::string(kConfig) + "/alpha/app-config", Viewer());
  ASSERT_EQ(latest.status, 200) << latest.body;
  EXPECT_EQ(latest.json["data"]["LOG_LEVEL"], "debug");
  Reply old = Call("GET", std::string(kConfig) + "/alpha/app-config?version=1", Viewer());
  ASSERT_EQ(old.status, 200) << old.body;
  EXPECT_EQ(old.json["files"]["app.yaml"], "a: 1\n");
  EXPECT_EQ(Call("GET", std::string(kConfig) + "/alpha/app-config?version=7", Viewer()).status,
            404);

  Reply history = Call("GET", std::string(kConfig) + "/alpha/app-config/history", Viewer());
  ASSERT_EQ(history.status, 200) << history.body;
  ASSERT_EQ(history.json["items"].size(), 2u);
  EXPECT_EQ(history.json["items"][0]["version"], 2);
  EXPECT_EQ(history.json["items"][0]["changes"]["added"], json::array({"X"}));
  EXPECT_EQ(history.json["items"][1]["message"], "first");

  Reply diff = Call("GET", std::string(kConfig) + "/alpha/app-config/diff?from=1&to=2", Viewer());
  ASSERT_EQ(diff.status, 200) << diff.body;
  ASSERT_EQ(diff.json["changes"].size(), 3u);
  EXPECT_EQ(diff.json["changes"][0]["key"], "LOG_LEVEL");
  EXPECT_EQ(diff.json["changes"][0]["from"], "info");
  EXPECT_EQ(diff.json["changes"][0]["to"], "debug");

  Reply sets = Call("GET", std::string(kConfig) + "/alpha", Viewer());
  ASSERT_EQ(sets.status, 200) << sets.body;
  ASSERT_EQ(sets.json["items"].size(), 1u);
  EXPECT_EQ(sets.json["items"][0]["set"], "app-config");
  EXPECT_EQ(sets.json["items"][0]["version"], 2);

  std::vector<audit::Event> events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].action, "config.update");
  EXPECT_EQ(events[0].subject, "config:chat-gateway/alpha/app-config");
  EXPECT_EQ(events[0].summary["changed"], json::array({"LOG_LEVEL"}));
  EXPECT_EQ(events[0].summary["version"], 2);
}

// Writing what the set already holds is no change: like a spec push, no new version, no audit
// event, 200 with the existing version — also for a retry whose expected_version is now stale.
TEST_P(ConfigRoutesTest, IdenticalWriteKeepsTheVersion) {
  json content = {{"data", {{"A", "1"}}}, {"files", {{"f.txt", "x"}}}};
  Reply first = PutConfig("app", content, Developer("chat"));
  ASSERT_EQ(first.status, 201) << first.body;
  Reply again = PutConfig("app", content, Developer("chat"));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json["version"], 1);
  json retry = content;
  retry["expected_version"] = 0;
  EXPECT_EQ(PutConfig("app", retry, Admin()).json["version"], 1);
  Reply history = Call("GET", std::string(kConfig) + "/alpha/app/history", Viewer());
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(history.json["items"].size(), 1u);
  EXPECT_EQ(Events().size(), 1u);
  content["files"]["f.txt"] = "y";
  Reply changed = PutConfig("app", content, Developer("chat"));
  EXPECT_EQ(changed.status, 201) << changed.body;
  EXPECT_EQ(changed.json["version"], 2);
}

// A write based on an older version than the latest is refused: two people editing one set at
// once cannot silently drop each other's keys.
TEST_P(ConfigRoutesTest, WriteBasedOnAnOlderVersionIsAConflict) {
  ASSERT_EQ(
      PutConfig("app", {{"data", {{"A", "1"}}}, {"expected_version", 0}}, Developer("chat")).status,
      201);
  EXPECT_EQ(
      PutConfig("app", {{"data", {{"B", "1"}}}, {"expected_version", 0}}, Developer("chat")).status,
      409);
  ASSERT_EQ(
      PutConfig("app", {{"data", {{"A", "2"}}}, {"expected_version", 1}}, Developer("chat")).status,
      201);
  Reply stale =
      PutConfig("app", {{"data", {{"A", "1"}, {"C", "1"}}}, {"expected_version", 1}}, Admin());
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.json["error"]["code"], "version_conflict");
  EXPECT_EQ(stale.json["error"]["field"], "expected_version");
  Reply latest = Call("GET", std::string(kConfig) + "/alpha/app", Admin());
  EXPECT_EQ(latest.json["version"], 2);
  EXPECT_EQ(latest.json["data"], json({{"A", "2"}}));
}

TEST_P(ConfigRoutesTest, OnlyTheOwnerTeamWritesAndEveryoneReadsMetadata) {
  EXPECT_EQ(PutConfig("s", {{"data", {{"A", "1"}}}}, Developer("ads")).status, 403);
  EXPECT_EQ(PutConfig("s", {{"data", {{"A", "1"}}}}, Viewer()).status, 403);
  EXPECT_EQ(PutSecret("db", {{"value", "x"}}, Developer("ads")).status, 403);
  EXPECT_EQ(PutSecret("db", {{"value", "x"}}, Viewer()).status, 403);
  ASSERT_EQ(PutConfig("s", {{"data", {{"A", "1"}}}}, Developer("chat")).status, 201);
  ASSERT_EQ(PutSecret("db", {{"value", "x"}}, Developer("chat")).status, 201);
  EXPECT_EQ(Call("GET", std::string(kConfig) + "/alpha/s", Developer("ads")).status, 200);
  EXPECT_EQ(Call("GET", std::string(kSecrets) + "/alpha", Viewer()).status, 200);
  EXPECT_EQ(Call("GET", std::string(kSecrets) + "/alpha/db/history", Viewer()).status, 200);
  EXPECT_EQ(Events().size(), 2u);  // refused writes leave no trace
  EXPECT_EQ(Call("GET", "/api/v1/projects/nope/config/alpha/s", Viewer()).status, 404);
}

TEST_P(ConfigRoutesTest, BadInputIsRefusedNamingTheField) {
  struct Case {
    std::string target;
    json body;
    std::string field;
  };
  std::string c = std::string(kConfig) + "/alpha/";
  std::string s = std::string(kSecrets) + "/alpha/";
  std::vector<Case> cases = {
      {std::string(kConfig) + "/Alpha_1/app", {{"data", json::object()}}, "env"},
      {c + "Bad.Set", {{"data", json::object()}}, "set"},
      {c + "app", {{"data", {{"A", 1}}}}, "data"},
      {c + "app", {{"data", {{"bad key", "1"}}}}, "data"},
      {c + "app", {{"files", {{"a/b", "x"}}}}, "files"},
      {c + "app", {{"data", "not an object"}}, "data"},
      {c + "app", {{"colour", "red"}}, "colour"},
      {c + "app", {{"message", std::string(1001, 'm')}}, "message"},
      {c + "app", {{"expected_version", -1}}, "expected_version"},
      {c + "app", {{"expected_version", "1"}}, "expected_version"},
      {s + "db", json::object(), "value"},
      {s + "db", {{"value", ""}}, "value"},
      {s + "db", {{"value", 42}}, "value"},
      {s + "db", {{"value", std::string(65537, 'v')}}, "value"},
      {s + "DB_PASSWORD", {{"value", "x"}}, "name"},
  };
  for (const auto& tc : cases) {
    Reply r = Call("PUT", tc.target, Admin(), tc.body.dump());
    EXPECT_EQ(r.status, 422) << tc.target << " " << r.body;
    EXPECT_EQ(r.json["error"]["field"], tc.field) << tc.target << " " << r.body;
  }
  for (const char* q : {"?from=1", "?from=0&to=1", "?from=x&to=1"}) {
    Reply r = Call("GET", c + "app/diff" + q, Admin());
    EXPECT_EQ(r.status, 422) << q;
  }
  EXPECT_EQ(Call("GET", c + "app?version=-1", Admin()).json["error"]["field"], "version");
  EXPECT_TRUE(Events().empty());
}

TEST_P(ConfigRoutesTest, EnvironmentsThatDoNotExistAreRefusedWithTheValidOnes) {
  // Only alpha and production exist: a value for staging or prod would land nowhere.
  for (const std::string& target :
       {std::string(kConfig) + "/staging/app-config", std::string(kConfig) + "/prod/app-config"}) {
    Reply r = Call("PUT", target, Developer("chat"), json{{"data", {{"A", "1"}}}}.dump());
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.json["error"]["code"], "unknown_environment") << r.body;
    EXPECT_EQ(r.json["error"]["field"], "env");
    EXPECT_NE(r.body.find("environments: alpha, production"), std::string::npos) << r.body;
  }
  Reply secret = Call("PUT", std::string(kSecrets) + "/productoin/db", Developer("chat"),
                      json{{"value", "s3cret"}}.dump());
  EXPECT_EQ(secret.status, 422) << secret.body;
  EXPECT_NE(secret.body.find("did you mean 'production'?"), std::string::npos) << secret.body;
  EXPECT_EQ(Call("GET", std::string(kConfig) + "/staging", Viewer()).status, 422);
  EXPECT_EQ(Call("GET", std::string(kSecrets) + "/staging", Viewer()).status, 422);
  EXPECT_TRUE(Events().empty());
  // The environments that exist still take values.
  EXPECT_EQ(Call("PUT", std::string(kConfig) + "/production/app-config", Developer("chat"),
                 json{{"data", {{"A", "1"}}}}.dump())
                .status,
            201);
}

TEST_P(ConfigRoutesTest, SecretWritesAnswerVersionsAndHistoryShowsNoValues) {
  Reply v1 =
      PutSecret("db-password", {{"value", "one"}, {"message", "initial"}}, Developer("chat"));
  ASSERT_EQ(v1.status, 201) << v1.body;
  EXPECT_EQ(v1.json["version"], 1);
  EXPECT_FALSE(v1.json.contains("value"));
  clock_.AdvanceMs(60'000);
  Reply v2 = PutSecret("db-password", {{"value", "two"}}, Admin());
  EXPECT_EQ(v2.json["version"], 2);
  ASSERT_EQ(PutSecret("api-key", {{"value", "k"}}, Admin()).status, 201);

  Reply list = Call("GET", std::string(kSecrets) + "/alpha", Viewer());
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json["items"].size(), 2u);
  EXPECT_EQ(list.json["items"][0]["name"], "api-key");
  EXPECT_EQ(list.json["items"][1]["name"], "db-password");
  EXPECT_EQ(list.json["items"][1]["version"], 2);
  EXPECT_EQ(list.json["items"][1]["author"], "admin");

  Reply history = Call("GET", std::string(kSecrets) + "/alpha/db-password/history", Viewer());
  ASSERT_EQ(history.status, 200) << history.body;
  ASSERT_EQ(history.json["items"].size(), 2u);
  EXPECT_EQ(history.json["items"][1]["author"], "dev-chat");
  EXPECT_EQ(history.json["items"][1]["message"], "initial");
  EXPECT_EQ(history.json["items"][1]["changed"], true);
  EXPECT_EQ(Call("GET", std::string(kSecrets) + "/alpha/nope/history", Viewer()).status, 404);

  SecretStore secrets(store_.get(), &keys_, &clock_);
  auto resolved = secrets.Resolve(project_id_, "alpha", "db-password", 1);
  ASSERT_OK(resolved);
  EXPECT_EQ(*resolved, "one");
  std::vector<audit::Event> events = Events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].action, "secret.update");
  EXPECT_EQ(events[1].subject, "secret:chat-gateway/alpha/db-password");
  EXPECT_EQ(events[1].summary, (json{{"name", "db-password"}, {"version", 2}}));
}

// Writes a distinctive secret, then calls every registered route and reads every text column
// where it could leak: the value must appear nowhere.
TEST_P(ConfigRoutesTest, NoApiReturnsASecretValue) {
  ASSERT_EQ(PutConfig("app", {{"data", {{"A", "1"}}}}, Admin()).status, 201);
  ASSERT_EQ(PutConfig("app", {{"data", {{"A", "2"}}}}, Admin()).status, 201);
  Reply put = PutSecret("db-password", {{"value", kDistinctive}}, Admin());
  ASSERT_EQ(put.status, 201);
  ASSERT_EQ(PutSecret("db-password", {{"value", std::string(kDistinctive) + "-2"}}, Admin()).status,
            201);
  std::vector<std::string> bodies = {put.body};
  std::map<std::string, std::string> path_values = {
      {"{slug}", "chat-gateway"}, {"{env}", "alpha"}, {"{set}", "app"}, {"{name}", "db-password"}};
  int called = 0;
  for (const auto& route : router_.routes()) {
    std::string target = route.path;
    for (const auto& [param, value] : path_values) {
      for (size_t at; (at = target.find(param)) != std::string::npos;) {
        target.replace(at, param.size(), value);
      }
    }
    ASSERT_EQ(target.find('{'), std::string::npos) << route.path;
    if (route.method == "GET") {
      target += "?version=2&from=1&to=2";
      Reply r = Call("GET", target, Admin());
      EXPECT_EQ(r.status, 200) << target << " " << r.body;
      bodies.push_back(r.body);
    } else {
      // Writes answer too, including with bad bodies that make them echo errors.
      bodies.push_back(
          Call(route.method, target, Admin(), "{\"value\":\"" + std::string(kDistinctive) + "\"")
              .body);
      bodies.push_back(Call(route.method, target, Admin(),
                            json{{"value", kDistinctive}, {"extra", kDistinctive}}.dump())
                           .body);
    }
    ++called;
  }
  EXPECT_EQ(called, 8);
  for (const auto& body : bodies) {
    EXPECT_EQ(body.find(kDistinctive), std::string::npos) << body;
  }

  auto audit = store_->Query("SELECT actor, action, subject, summary FROM audit_events");
  ASSERT_OK(audit);
  EXPECT_GE(audit->rows.size(), 4u);
  for (const auto& row : audit->rows) {
    for (const char* col : {"actor", "action", "subject", "summary"}) {
      EXPECT_EQ(row.Text(col).find(kDistinctive), std::string::npos) << col;
    }
  }
  auto stored = store_->Query(
      "SELECT project_id, environment, name, key_id, nonce, ciphertext, author, message "
      "FROM secret_versions");
  ASSERT_OK(stored);
  ASSERT_EQ(stored->rows.size(), 2u);
  for (const auto& row : stored->rows) {
    for (const char* col : {"project_id", "environment", "name", "key_id", "nonce", "ciphertext",
                            "author", "message"}) {
      EXPECT_EQ(row.Text(col).find(kDistinctive), std::string::npos) << col;
    }
    EXPECT_FALSE(row.Text("ciphertext").empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, ConfigRoutesTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::deploy
