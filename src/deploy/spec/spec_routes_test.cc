#include "deploy/spec/spec_routes.h"

#include "deploy/spec/spec_test_fixture.h"

namespace paved::deploy::spec {
namespace {

using json = nlohmann::json;
using testing::EngineParamName;
using testing::SpecFixture;

constexpr char kSpec[] = "/api/v1/projects/chat-gateway/spec";

const char kV1[] = R"(apiVersion: paved.dev/v1
services:
  web:
    image: registry.example.com/chat-gateway
    port: 8080
    replicas: 2
)";
const char kV2[] = R"(apiVersion: paved.dev/v1
services:
  web:
    image: registry.example.com/chat-gateway
    port: 8080
    replicas: 3
workers:
  consumer: {image: registry.example.com/chat-consumer}
)";

class SpecRoutesTest : public SpecFixture {
 protected:
  Reply Push(const std::string& yaml, const http::Caller& who, const std::string& query = "") {
    return Call("PUT", std::string(kSpec) + query, who, yaml);
  }
  std::vector<audit::Event> Events() {
    auto events = audit_->List({.limit = 500});
    EXPECT_TRUE(events.ok()) << events.status();
    return events.value_or(std::vector<audit::Event>{});
  }
};

TEST_P(SpecRoutesTest, PushCreatesVersionsAndAnIdenticalPushDoesNot) {
  Reply v1 = Push(kV1, Developer("chat"), "?message=first%20spec");
  ASSERT_EQ(v1.status, 201) << v1.body;
  EXPECT_EQ(v1.json["project"], "chat-gateway");
  EXPECT_EQ(v1.json["version"], 1);
  EXPECT_EQ(v1.json["yaml"], kV1);
  EXPECT_EQ(v1.json["author"], "dev-chat");
  EXPECT_EQ(v1.json["message"], "first spec");
  EXPECT_EQ(v1.json["spec"]["services"]["web"]["replicas"], 2);
  EXPECT_EQ(v1.json["created_at"], FormatTimeMs(clock_.NowMs()));

  Reply again = Push(kV1, Admin());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json["version"], 1);
  EXPECT_EQ(again.json["author"], "dev-chat");

  Reply v2 = Call("PUT", kSpec, Sre(), json{{"yaml", kV2}, {"message", "scale"}}.dump(),
                  "application/json");
  ASSERT_EQ(v2.status, 201) << v2.body;
  EXPECT_EQ(v2.json["version"], 2);
  EXPECT_EQ(v2.json["message"], "scale");
  Reply v3 = Call("PUT", kSpec, Admin(), std::string(kV1) + "# back\n", "text/plain");
  ASSERT_EQ(v3.status, 201) << v3.body;

  std::vector<audit::Event> events = Events();
  ASSERT_EQ(events.size(), 3u);  // the identical push left no trace
  EXPECT_EQ(events[2].action, "spec.push");
  EXPECT_EQ(events[2].actor, "dev-chat");
  EXPECT_EQ(events[2].subject, "project:chat-gateway");
  EXPECT_EQ(events[2].summary, "spec v1 pushed: first spec");
  EXPECT_EQ(events[1].summary, "spec v2 pushed: scale");
  EXPECT_EQ(events[0].summary, "spec v3 pushed");
}

TEST_P(SpecRoutesTest, GetLatestOrAVersion) {
  EXPECT_EQ(Call("GET", kSpec, Viewer()).status, 404);
  ASSERT_EQ(Push(kV1, Admin()).status, 201);
  ASSERT_EQ(Push(kV2, Admin()).status, 201);
  Reply latest = Call("GET", kSpec, Viewer());
  ASSERT_EQ(latest.status, 200) << latest.body;
  EXPECT_EQ(latest.json["version"], 2);
  EXPECT_EQ(latest.json["spec"]["workers"]["consumer"]["image"],
            "registry.example.com/chat-consumer");
  Reply old = Call("GET", std::string(kSpec) + "?version=1", Developer("ads"));
  ASSERT_EQ(old.status, 200) << old.body;
  EXPECT_EQ(old.json["yaml"], kV1);
  EXPECT_EQ(Call("GET", std::string(kSpec) + "?version=9", Viewer()).status, 404);
  EXPECT_EQ(Call("GET", std::string(kSpec) + "?version=x", Viewer()).json["error"]["field"],
            "version");
  EXPECT_EQ(Call("GET", "/api/v1/projects/nope/spec", Viewer()).status, 404);
}

TEST_P(SpecRoutesTest, InvalidSpecIs422WithEveryErrorAndNothingStored) {
  std::string yaml = std::string(kV1) + "    foo: 1\n    env: {\"A B\": x}\n";
  yaml.replace(yaml.find("8080"), 4, "0");
  Reply r = Push(yaml, Admin());
  ASSERT_EQ(r.status, 422) << r.body;
  const json& err = r.json["error"];
  EXPECT_EQ(err["code"], "invalid_spec");
  EXPECT_EQ(err["field"], "services.web.port");
  EXPECT_EQ(err["line"], 5);
  EXPECT_EQ(err["column"], 11);
  ASSERT_EQ(err["errors"].size(), 3u) << r.body;
  EXPECT_EQ(
      err["errors"][1],
      (json{
          {"line", 7}, {"column", 5}, {"field", "services.web.foo"}, {"message", "unknown key"}}));
  EXPECT_EQ(err["message"],
            "line 5, column 11: services.web.port: must be between 1 and 65535, not 0");

  Reply bad_yaml = Push("apiVersion: paved.dev/v1\nservices:\n  web: {image: [x\n", Admin());
  ASSERT_EQ(bad_yaml.status, 422) << bad_yaml.body;
  EXPECT_EQ(bad_yaml.json["error"]["code"], "invalid_spec");
  EXPECT_GE(bad_yaml.json["error"]["line"].get<int>(), 3);
  EXPECT_GE(bad_yaml.json["error"]["column"].get<int>(), 1);

  Reply empty = Push("", Admin());
  EXPECT_EQ(empty.status, 422);
  EXPECT_EQ(empty.json["error"]["errors"].size(), 1u);

  EXPECT_EQ(Call("PUT", kSpec, Admin(), "{\"yaml\": 1}", "application/json").status, 422);
  EXPECT_EQ(Call("PUT", kSpec, Admin(), "{", "application/json").status, 400);
  EXPECT_EQ(Call("PUT", kSpec, Admin(), kV1, "image/png").json["error"]["code"],
            "unsupported_media_type");
  EXPECT_EQ(Push(kV1, Admin(), "?message=" + std::string(1001, 'm')).json["error"]["field"],
            "message");
  EXPECT_EQ(Call("GET", kSpec, Admin()).status, 404);
  EXPECT_TRUE(Events().empty());
}

TEST_P(SpecRoutesTest, EnvironmentAndClusterNamesMustExist) {
  // prod and staging are not environments here, kr2 is no cluster: each would silently apply
  // nowhere (production would render 1 replica).
  const std::string yaml = std::string(kV1).replace(std::string(kV1).find("replicas: 2"), 11,
                                                    "replicas: {alpha: 1, prod: 2}") +
                           "    environments:\n      staging: {replicas: 1}\n"
                           "    clusters:\n      kr2: {replicas: 1}\n";
  Reply r = Push(yaml, Admin());
  ASSERT_EQ(r.status, 422) << r.body;
  const json& errors = r.json["error"]["errors"];
  ASSERT_EQ(errors.size(), 3u) << r.body;
  EXPECT_EQ(errors[0]["field"], "services.web.replicas.prod");
  EXPECT_EQ(errors[0]["message"],
            "unknown environment 'prod' (did you mean 'production'?); environments: alpha, "
            "production");
  EXPECT_EQ(errors[1]["field"], "services.web.environments.staging");
  EXPECT_EQ(errors[2]["field"], "services.web.clusters.kr2");
  EXPECT_EQ(errors[2]["line"], 10);
  EXPECT_TRUE(Events().empty());
  Reply validated = Call("POST", "/api/v1/spec/validate", Admin(), yaml);
  EXPECT_EQ(validated.json["valid"], false) << validated.body;

  Reply fine =
      Push(std::string(kV1) + "    environments:\n      production: {replicas: 3}\n", Admin());
  EXPECT_EQ(fine.status, 201) << fine.body;
  EXPECT_EQ(fine.json["warnings"], json::array({"web"}));
}

TEST_P(SpecRoutesTest, OnlyTheOwnerTeamSreAndAdminPush) {
  EXPECT_EQ(Push(kV1, Developer("ads")).status, 403);
  EXPECT_EQ(Push(kV1, Viewer()).status, 403);
  // Refused before validation: an outsider learns nothing about the spec.
  EXPECT_EQ(Push("not: [valid", Developer("ads")).status, 403);
  EXPECT_TRUE(Events().empty());
  EXPECT_EQ(Push(kV1, Developer("chat")).status, 201);
  EXPECT_EQ(Push(kV2, Sre()).status, 201);
  EXPECT_EQ(Push(kV1, Admin()).status, 201);
  EXPECT_EQ(Events().size(), 3u);
}

TEST_P(SpecRoutesTest, VersionsArePagedNewestFirstWithoutContent) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(Push(std::string(kV1) + "# " + std::to_string(i) + "\n", Admin()).status, 201);
  }
  Reply page = Call("GET", std::string(kSpec) + "/versions?limit=2", Viewer());
  ASSERT_EQ(page.status, 200) << page.body;
  ASSERT_EQ(page.json["items"].size(), 2u);
  EXPECT_EQ(page.json["items"][0]["version"], 5);
  EXPECT_EQ(page.json["items"][1]["version"], 4);
  EXPECT_FALSE(page.json["items"][0].contains("yaml"));
  EXPECT_FALSE(page.json["items"][0].contains("spec"));
  EXPECT_EQ(page.json["items"][0]["author"], "admin");
  std::string cursor = page.json["next_cursor"];
  Reply rest = Call("GET", std::string(kSpec) + "/versions?limit=3&cursor=" + cursor, Viewer());
  ASSERT_EQ(rest.status, 200) << rest.body;
  ASSERT_EQ(rest.json["items"].size(), 3u);
  EXPECT_EQ(rest.json["items"][2]["version"], 1);
  EXPECT_TRUE(rest.json["next_cursor"].is_null());
  EXPECT_EQ(Call("GET", std::string(kSpec) + "/versions?cursor=abc", Viewer()).status, 422);
  EXPECT_EQ(Call("GET", std::string(kSpec) + "/versions?limit=0", Viewer()).status, 422);
}

TEST_P(SpecRoutesTest, DiffBetweenVersions) {
  ASSERT_EQ(Push(kV1, Admin()).status, 201);
  ASSERT_EQ(Push(kV2, Admin()).status, 201);
  Reply d = Call("GET", std::string(kSpec) + "/diff", Viewer());
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.json["from"], 1);
  EXPECT_EQ(d.json["to"], 2);
  EXPECT_EQ(d.json["diff"],
            "@@ -3,4 +3,6 @@\n"
            "   web:\n"
            "     image: registry.example.com/chat-gateway\n"
            "     port: 8080\n"
            "-    replicas: 2\n"
            "+    replicas: 3\n"
            "+workers:\n"
            "+  consumer: {image: registry.example.com/chat-consumer}\n");
  ASSERT_EQ(d.json["lines"].size(), 9u);
  EXPECT_EQ(d.json["lines"][0], (json{{"op", " "}, {"text", "apiVersion: paved.dev/v1"}}));
  EXPECT_EQ(d.json["lines"][5], (json{{"op", "-"}, {"text", "    replicas: 2"}}));
  EXPECT_EQ(d.json["lines"][6], (json{{"op", "+"}, {"text", "    replicas: 3"}}));

  Reply back = Call("GET", std::string(kSpec) + "/diff?from=2&to=1", Viewer());
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_NE(back.json["diff"].get<std::string>().find("-workers:\n"), std::string::npos);
  Reply first = Call("GET", std::string(kSpec) + "/diff?to=1", Viewer());
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json["from"], 0);
  EXPECT_EQ(first.json["lines"].size(), 6u);
  EXPECT_EQ(Call("GET", std::string(kSpec) + "/diff?from=1&to=7", Viewer()).status, 404);
  EXPECT_EQ(Call("GET", std::string(kSpec) + "/diff?from=0", Viewer()).status, 422);
}

TEST_P(SpecRoutesTest, ValidateStoresNothing) {
  Reply ok = Call("POST", "/api/v1/spec/validate", Viewer(), kV2);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["valid"], true);
  EXPECT_EQ(ok.json["errors"], json::array());
  EXPECT_EQ(ok.json["spec"]["services"]["web"]["replicas"], 3);
  Reply bad =
      Call("POST", "/api/v1/spec/validate", Viewer(),
           json{{"yaml", "apiVersion: paved.dev/v1\nservices:\n  web: {image: a:1}\n"}}.dump(),
           "application/json");
  ASSERT_EQ(bad.status, 200) << bad.body;
  EXPECT_EQ(bad.json["valid"], false);
  EXPECT_FALSE(bad.json.contains("spec"));
  ASSERT_EQ(bad.json["errors"].size(), 2u) << bad.body;
  EXPECT_EQ(bad.json["errors"][0]["line"], 3);
  EXPECT_EQ(Call("GET", kSpec, Admin()).status, 404);
  EXPECT_TRUE(Events().empty());
}

TEST_P(SpecRoutesTest, RoutesAreExactlyTheDocumentedOnes) {
  std::set<std::string> got;
  for (const auto& r : router_.routes()) got.insert(r.method + " " + r.path);
  EXPECT_EQ(got, (std::set<std::string>{
                     "PUT /api/v1/projects/{slug}/spec", "GET /api/v1/projects/{slug}/spec",
                     "GET /api/v1/projects/{slug}/spec/versions",
                     "GET /api/v1/projects/{slug}/spec/diff", "POST /api/v1/spec/validate"}));
}

INSTANTIATE_TEST_SUITE_P(Engines, SpecRoutesTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::deploy::spec
