#include "gtest/gtest.h"
#include "server/testing/test_app.h"
#include "tests/support/test_databases.h"

namespace paved::server {
namespace {

using testing::TestApp;
using json = nlohmann::json;

std::string DatabaseFor(store::Engine engine) {
  auto url = test_support::NewDatabaseUrl(engine);
  EXPECT_TRUE(url.ok()) << url.status();  // PostgreSQL must start: never skip
  return url.value_or("postgres://unavailable");
}

// The catalog API on both store engines.
class CatalogApiTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  CatalogApiTest() : t_(DatabaseFor(GetParam())) {}
  void SetUp() override {
    ASSERT_EQ(
        t_.Call("POST", "/api/v1/teams", json{{"slug", "chat"}, {"name", "Chat"}}, admin()).status,
        201);
    ASSERT_EQ(
        t_.Call("POST", "/api/v1/teams", json{{"slug", "ads"}, {"name", "Ads"}}, admin()).status,
        201);
  }
  const std::string& admin() { return t_.admin_token(); }
  int64_t AuditCount() {
    auto rs = t_.app().store().Query("SELECT COUNT(*) AS n FROM audit_events");
    return rs.ok() ? rs->front().Int("n") : -1;
  }
  TestApp t_;
};

TEST_P(CatalogApiTest, CreateReadUpdateDeleteProject) {
  auto created = t_.Call("POST", "/api/v1/projects",
                         json{{"slug", "chat-gateway"},
                              {"name", "Chat gateway"},
                              {"owner_team", "chat"},
                              {"description", "edge"}},
                         admin());
  ASSERT_EQ(created.status, 201) << created.raw.body;
  EXPECT_EQ(created.json["owner_team"], "chat");
  EXPECT_EQ(created.json["created_by"], "admin");
  auto got = t_.Call("GET", "/api/v1/projects/chat-gateway", "", admin());
  EXPECT_EQ(got.json["description"], "edge");
  auto patched = t_.Call("PATCH", "/api/v1/projects/chat-gateway",
                         json{{"owner_team", "ads"}, {"name", "Gateway"}}, admin());
  ASSERT_EQ(patched.status, 200);
  EXPECT_EQ(patched.json["owner_team"], "ads");
  EXPECT_EQ(patched.json["name"], "Gateway");
  auto history = t_.Call("GET", "/api/v1/audit?subject=project:chat-gateway", "", admin());
  // project.targets (the default targets, set within the creation), project.create, the update
  ASSERT_EQ(history.json["items"].size(), 3u) << history.json.dump();
  EXPECT_EQ(history.json["items"][2]["action"], "project.targets");
  auto prefixed = t_.Call("GET", "/api/v1/audit?subject_prefix=project:chat-", "", admin());
  ASSERT_EQ(prefixed.json["items"].size(), 3u) << prefixed.json.dump();
  EXPECT_TRUE(t_.Call("GET", "/api/v1/audit?subject_prefix=project:nothing-", "", admin())
                  .json["items"]
                  .empty());
  EXPECT_EQ(history.json["items"][0]["action"], "project.update");
  EXPECT_EQ(history.json["items"][0]["summary"]["owner_team"]["from"], "chat");
  EXPECT_EQ(t_.Call("DELETE", "/api/v1/projects/chat-gateway", "", admin()).status, 204);
  EXPECT_EQ(t_.Call("GET", "/api/v1/projects/chat-gateway", "", admin()).status, 404);
}

TEST_P(CatalogApiTest, ClientMistakesAre4xxAndWriteNothing) {
  int64_t before = AuditCount();
  struct Case {
    std::string body;
    int status;
    std::string code, field;
  };
  std::vector<Case> cases = {
      {"{bad json", 400, "invalid_json", ""},
      {R"(["array"])", 400, "invalid_json", ""},
      {R"({"name":"x","owner_team":"chat"})", 422, "missing_field", "slug"},
      {R"({"slug":"Bad_Slug","name":"x","owner_team":"chat"})", 422, "invalid_field", "slug"},
      {R"({"slug":"ok","name":5,"owner_team":"chat"})", 422, "invalid_field", "name"},
      {R"({"slug":"ok","name":"x","owner_team":"chat","colour":"red"})", 422, "unknown_field",
       "colour"},
      {R"({"slug":"ok","name":"x","owner_team":"nobody"})", 422, "invalid_field", "owner_team"},
      {R"({"slug":"ok","name":"","owner_team":"chat"})", 422, "invalid_field", "name"},
  };
  for (const Case& c : cases) {
    auto r = t_.Call("POST", "/api/v1/projects", c.body, admin());
    EXPECT_EQ(r.status, c.status) << c.body;
    EXPECT_EQ(r.json["error"]["code"], c.code) << c.body;
    if (!c.field.empty()) {
      EXPECT_EQ(r.json["error"]["field"], c.field) << c.body;
    }
  }
  EXPECT_EQ(AuditCount(), before);
  EXPECT_EQ(t_.Call("GET", "/api/v1/projects", "", admin()).json["items"].size(), 0u);
}

TEST_P(CatalogApiTest, ConflictsAre409) {
  json p = {{"slug", "p"}, {"name", "P"}, {"owner_team", "chat"}};
  ASSERT_EQ(t_.Call("POST", "/api/v1/projects", p, admin()).status, 201);
  auto dup = t_.Call("POST", "/api/v1/projects", p, admin());
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.json["error"]["field"], "slug");
  auto team_dup =
      t_.Call("POST", "/api/v1/teams", json{{"slug", "chat"}, {"name", "Again"}}, admin());
  EXPECT_EQ(team_dup.status, 409);
  auto in_use = t_.Call("DELETE", "/api/v1/teams/chat", "", admin());
  EXPECT_EQ(in_use.status, 409);
  EXPECT_EQ(t_.Call("GET", "/api/v1/teams/chat", "", admin()).status, 200);
}

TEST_P(CatalogApiTest, UnknownRouteAndWrongMethod) {
  auto missing = t_.Call("GET", "/api/v1/nothing-here", "", admin());
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json["error"]["code"], "not_found");
  auto wrong = t_.Call("PUT", "/api/v1/projects", "{}", admin());
  EXPECT_EQ(wrong.status, 405);
  EXPECT_NE(wrong.raw.Header("Allow").find("GET"), std::string::npos);
}

TEST_P(CatalogApiTest, ListsSearchFilterAndPage) {
  for (int i = 0; i < 7; ++i) {
    std::string slug = "svc-" + std::to_string(i);
    json body = {{"slug", slug},
                 {"name", "Service " + std::to_string(i)},
                 {"owner_team", i % 2 ? "ads" : "chat"},
                 {"description", i == 3 ? "Handles 100% of billing" : "misc"}};
    ASSERT_EQ(t_.Call("POST", "/api/v1/projects", body, admin()).status, 201);
  }
  auto owned = t_.Call("GET", "/api/v1/projects?owner=ads", "", admin());
  EXPECT_EQ(owned.json["items"].size(), 3u);
  auto search = t_.Call("GET", "/api/v1/projects?q=BILLING", "", admin());
  ASSERT_EQ(search.json["items"].size(), 1u);
  EXPECT_EQ(search.json["items"][0]["slug"], "svc-3");
  auto percent = t_.Call("GET", "/api/v1/projects?q=100%25", "", admin());
  EXPECT_EQ(percent.json["items"].size(), 1u);  // % is matched literally
  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    auto r =
        t_.Call("GET", "/api/v1/projects?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor), "",
                admin());
    for (const auto& item : r.json["items"]) seen.push_back(item["slug"]);
    if (r.json["next_cursor"].is_null()) break;
    cursor = r.json["next_cursor"];
  }
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(t_.Call("GET", "/api/v1/projects?limit=0", "", admin()).status, 422);
  auto teams = t_.Call("GET", "/api/v1/teams?q=ch", "", admin());
  ASSERT_EQ(teams.json["items"].size(), 1u);
  EXPECT_EQ(teams.json["items"][0]["project_count"], 4);
}

TEST_P(CatalogApiTest, SearchFollowsRenamesAndDeletes) {
  ASSERT_EQ(t_.Call("POST", "/api/v1/projects",
                    json{{"slug", "ledger"}, {"name", "Ledger"}, {"owner_team", "chat"}}, admin())
                .status,
            201);
  auto count = [&](const std::string& q) {
    return t_.Call("GET", "/api/v1/projects?q=" + q, "", admin()).json["items"].size();
  };
  EXPECT_EQ(count("ledg"), 1u);
  EXPECT_EQ(count("LEDGER"), 1u);
  ASSERT_EQ(
      t_.Call("PATCH", "/api/v1/projects/ledger", json{{"name", "Bookkeeping"}}, admin()).status,
      200);
  EXPECT_EQ(count("bookkeep"), 1u);
  EXPECT_EQ(count("ledg"), 1u);  // still in the slug
  ASSERT_EQ(t_.Call("DELETE", "/api/v1/projects/ledger", "", admin()).status, 204);
  EXPECT_EQ(count("bookkeep"), 0u);
}

TEST_P(CatalogApiTest, TeamMembersAndDetail) {
  t_.UserToken("joon.park", "developer");
  auto added = t_.Call("POST", "/api/v1/teams/chat/members", json{{"login", "joon.park"}}, admin());
  ASSERT_EQ(added.status, 201);
  EXPECT_EQ(
      t_.Call("POST", "/api/v1/teams/chat/members", json{{"login", "joon.park"}}, admin()).status,
      409);
  EXPECT_EQ(t_.Call("POST", "/api/v1/teams/chat/members", json{{"login", "ghost"}}, admin()).status,
            422);
  auto team = t_.Call("GET", "/api/v1/teams/chat", "", admin());
  ASSERT_EQ(team.json["members"].size(), 1u);
  EXPECT_EQ(team.json["members"][0]["login"], "joon.park");
  auto me = t_.Call("GET", "/api/v1/users", "", admin());
  bool in_team = false;
  for (const auto& u : me.json["items"]) {
    if (u["login"] == "joon.park") in_team = u["teams"] == json::array({"chat"});
  }
  EXPECT_TRUE(in_team);
  EXPECT_EQ(t_.Call("DELETE", "/api/v1/teams/chat/members/joon.park", "", admin()).status, 204);
  EXPECT_EQ(t_.Call("DELETE", "/api/v1/teams/chat/members/joon.park", "", admin()).status, 404);
  auto patched = t_.Call("PATCH", "/api/v1/teams/chat", json{{"chat_channel", "#chat"}}, admin());
  EXPECT_EQ(patched.json["chat_channel"], "#chat");
}

TEST_P(CatalogApiTest, EveryMutationIsAudited) {
  t_.UserToken("seo.lee", "developer");
  int64_t before = AuditCount();
  std::vector<std::tuple<std::string, std::string, json>> calls = {
      {"POST", "/api/v1/projects", {{"slug", "a1"}, {"name", "A"}, {"owner_team", "ads"}}},
      {"PATCH", "/api/v1/projects/a1", {{"description", "d"}}},
      {"DELETE", "/api/v1/projects/a1", nullptr},
      {"PATCH", "/api/v1/teams/ads", {{"description", "d"}}},
      {"POST", "/api/v1/teams/ads/members", {{"login", "seo.lee"}}},
      {"DELETE", "/api/v1/teams/ads/members/seo.lee", nullptr},
      {"DELETE", "/api/v1/teams/ads", nullptr},
      {"PATCH", "/api/v1/users/seo.lee", {{"role", "viewer"}}},
  };
  int64_t expected = before;
  for (const auto& [method, path, body] : calls) {
    auto r = t_.Call(method, path, body.is_null() ? "" : body.dump(), admin());
    ASSERT_LT(r.status, 300) << method << " " << path << " " << r.raw.body;
    // A new project also gets the platform's default targets: project.targets.
    expected += method == "POST" && path == "/api/v1/projects" ? 2 : 1;
    EXPECT_EQ(AuditCount(), expected) << method << " " << path;
  }
}

TEST_P(CatalogApiTest, AuditLogIsAppendOnly) {
  EXPECT_FALSE(t_.app().store().Query("UPDATE audit_events SET actor = 'x'").ok());
  EXPECT_FALSE(t_.app().store().Query("DELETE FROM audit_events").ok());
  EXPECT_GT(AuditCount(), 0);
}

// The demo data exported, imported into an empty Paved and exported again: the same text, byte
// for byte (a demo team with a member included).
TEST(CatalogRoundTripTest, DemoDataExportImportExportIsIdentical) {
  TestApp demo("", SystemClock::Get(), json::object(), [](ServerConfig& c) { c.demo_data = true; });
  demo.UserToken("mina.kim", "developer");
  ASSERT_EQ(demo.Call("POST", "/api/v1/teams/chat-platform/members", json{{"login", "mina.kim"}},
                      demo.admin_token())
                .status,
            201);
  auto first = demo.Call("GET", "/api/v1/catalog/export", "", demo.admin_token());
  ASSERT_EQ(first.status, 200) << first.raw.body;
  ASSERT_NE(first.raw.body.find("kind: Component"), std::string::npos) << first.raw.body;
  ASSERT_NE(first.raw.body.find("- mina.kim"), std::string::npos) << first.raw.body;

  TestApp empty;
  http::Request req = http::MakeRequest("POST", "/api/v1/catalog/import", first.raw.body);
  req.headers["Content-Type"] = "application/yaml";
  req.headers["Authorization"] = "Bearer " + empty.admin_token();
  req.remote_addr = "127.0.0.1";
  http::Response imported = empty.app().Handle(req);
  ASSERT_EQ(imported.status, 200) << imported.body;
  json result = json::parse(imported.body);
  EXPECT_EQ(result["warnings"].size(), 1u) << imported.body;  // no user mina.kim here
  auto second = empty.Call("GET", "/api/v1/catalog/export", "", empty.admin_token());
  ASSERT_EQ(second.status, 200) << second.raw.body;
  EXPECT_EQ(first.raw.body, second.raw.body);
}

INSTANTIATE_TEST_SUITE_P(Engines, CatalogApiTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::server
