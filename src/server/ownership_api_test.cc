#include "gtest/gtest.h"
#include "server/testing/test_app.h"
#include "tests/support/test_databases.h"

namespace paved::server {
namespace {

using testing::TestApp;
using json = nlohmann::json;

std::string DatabaseFor(store::Engine engine) {
  auto url = test_support::NewDatabaseUrl(engine);
  EXPECT_TRUE(url.ok()) << url.status();
  return url.value_or("postgres://unavailable");
}

// Project fields, ownership transfer and history, orphans, owner lookup, scorecards — on both
// store engines.
class OwnershipApiTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  OwnershipApiTest() : t_(DatabaseFor(GetParam())) {}
  void SetUp() override {
    for (const char* team : {"chat", "ads", "gone"}) {
      ASSERT_EQ(
          t_.Call("POST", "/api/v1/teams", json{{"slug", team}, {"name", team}}, admin()).status,
          201);
    }
  }
  const std::string& admin() { return t_.admin_token(); }
  TestApp::Reply Project(const json& extra) {
    json body = {{"slug", "chat-gateway"}, {"name", "Chat gateway"}, {"owner_team", "chat"}};
    if (extra.is_object()) body.update(extra);
    return t_.Call("POST", "/api/v1/projects", body, admin());
  }
  void Dissolve(const std::string& team) {
    ASSERT_TRUE(t_.app()
                    .store()
                    .Query("UPDATE teams SET status = 'dissolved', dissolved_at = $1 "
                           "WHERE slug = $2",
                           {int64_t{1000}, team})
                    .ok());
  }
  TestApp t_;
};

TEST_P(OwnershipApiTest, ProjectFieldsRoundTrip) {
  auto r = Project({{"lifecycle", "production"},
                    {"tags", {"java", "tier:1"}},
                    {"links", {{{"url", "https://wiki/x"}, {"title", "Runbook"}}}},
                    {"owners", {"ads"}},
                    {"system", "chat"},
                    {"oncall", "chat-primary"},
                    {"repo_url", "https://git/chat-gateway"},
                    {"namespaces", {{{"cluster", "prod-kr"}, {"namespace", "chat-gw"}}}}});
  ASSERT_EQ(r.status, 201) << r.raw.body;
  auto got = t_.Call("GET", "/api/v1/projects/chat-gateway", "", admin()).json;
  EXPECT_EQ(got["lifecycle"], "production");
  EXPECT_EQ(got["tags"], json({"java", "tier:1"}));
  EXPECT_EQ(got["links"][0]["title"], "Runbook");
  EXPECT_EQ(got["owners"], json({"ads"}));
  EXPECT_EQ(got["namespaces"][0]["namespace"], "chat-gw");
  EXPECT_EQ(got["orphaned"], false);
  auto by_owner = t_.Call("GET", "/api/v1/projects?owner=ads", "", admin()).json;
  EXPECT_EQ(by_owner["items"].size(), 1u);  // additional owners count as owners
  auto facets = t_.Call("GET", "/api/v1/projects?facets=true&tag=java", "", admin()).json;
  EXPECT_EQ(facets["facets"]["lifecycle"]["production"], 1);
  EXPECT_EQ(facets["facets"]["tag"]["tier:1"], 1);
  EXPECT_EQ(facets["facets"]["owner"]["chat"], 1);
  EXPECT_EQ(t_.Call("GET", "/api/v1/projects?tag=go", "", admin()).json["items"].size(), 0u);
}

TEST_P(OwnershipApiTest, BadFieldsNameThemselves) {
  struct Case {
    json extra;
    std::string field;
    int status = 422;
  };
  std::vector<Case> cases = {
      {{{"tags", {"ok", "Not Ok"}}}, "tags[1]"},
      {{{"links", {{{"url", "ftp://x"}}}}}, "links[0].url"},
      {{{"links", {{{"url", "https://x"}, {"colour", "red"}}}}}, "links[0].colour"},
      {{{"owners", {"nobody"}}}, "owners[0]"},
      {{{"lifecycle", "beta"}}, "lifecycle"},
      {{{"namespaces", {{{"namespace", "Bad"}}}}}, "namespaces[0].namespace"},
  };
  for (const Case& c : cases) {
    auto r = Project(c.extra);
    EXPECT_EQ(r.status, c.status) << c.extra;
    EXPECT_EQ(r.json["error"]["field"], c.field) << c.extra;
  }
  EXPECT_EQ(t_.Call("GET", "/api/v1/projects/chat-gateway", "", admin()).status, 404);
  ASSERT_EQ(Project({{"namespaces", {{{"namespace", "shared"}}}}}).status, 201);
  auto taken = t_.Call("POST", "/api/v1/projects",
                       json{{"slug", "other"},
                            {"name", "O"},
                            {"owner_team", "ads"},
                            {"namespaces", {{{"namespace", "shared"}}}}},
                       admin());
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(taken.json["error"]["field"], "namespaces[0]");
}

TEST_P(OwnershipApiTest, AnotherProjectsDefaultNamespaceCannotBeSquatted) {
  ASSERT_EQ(Project({}).status, 201);
  std::string ads_dev = t_.UserToken("seo", "developer");
  t_.Call("POST", "/api/v1/teams/ads/members", json{{"login", "seo"}}, admin());
  json squat = {{"slug", "squatter"}, {"name", "S"}, {"owner_team", "ads"}};
  for (const char* cluster : {"", "prod-kr"}) {
    squat["namespaces"] = {{{"cluster", cluster}, {"namespace", "chat-gateway"}}};
    auto r = t_.Call("POST", "/api/v1/projects", squat, ads_dev);
    EXPECT_EQ(r.status, 409) << cluster;
    EXPECT_EQ(r.json["error"]["field"], "namespaces[0]");
    EXPECT_NE(r.json["error"]["message"].get<std::string>().find("project chat-gateway"),
              std::string::npos);
  }
  squat.erase("namespaces");
  ASSERT_EQ(t_.Call("POST", "/api/v1/projects", squat, ads_dev).status, 201);
  auto patched = t_.Call(
      "PATCH", "/api/v1/projects/squatter",
      json{{"namespaces", {{{"cluster", "prod-kr"}, {"namespace", "chat-gateway"}}}}}, ads_dev);
  EXPECT_EQ(patched.status, 409);
  EXPECT_EQ(patched.json["error"]["field"], "namespaces[0]");
  EXPECT_EQ(
      t_.Call("GET", "/api/v1/catalog/owner?namespace=chat-gateway&cluster=prod-kr", "", admin())
          .json["project"],
      "chat-gateway");
}

TEST_P(OwnershipApiTest, OneClusterAndEveryClusterClaimsConflictBothWays) {
  ASSERT_EQ(Project({{"namespaces", {{{"cluster", "prod-kr"}, {"namespace", "web"}}}}}).status,
            201);
  auto every = t_.Call("POST", "/api/v1/projects",
                       json{{"slug", "ads-web"},
                            {"name", "A"},
                            {"owner_team", "ads"},
                            {"namespaces", {{{"cluster", ""}, {"namespace", "web"}}}}},
                       admin());
  EXPECT_EQ(every.status, 409);
  EXPECT_EQ(every.json["error"]["field"], "namespaces[0]");
  // Another cluster is another project's to use.
  EXPECT_EQ(t_.Call("POST", "/api/v1/projects",
                    json{{"slug", "ads-web"},
                         {"name", "A"},
                         {"owner_team", "ads"},
                         {"namespaces", {{{"cluster", "prod-jp"}, {"namespace", "web"}}}}},
                    admin())
                .status,
            201);
  ASSERT_EQ(t_.Call("POST", "/api/v1/projects",
                    json{{"slug", "ads-api"},
                         {"name", "A"},
                         {"owner_team", "ads"},
                         {"namespaces", {{{"cluster", ""}, {"namespace", "api"}}}}},
                    admin())
                .status,
            201);
  auto one = t_.Call("PATCH", "/api/v1/projects/chat-gateway",
                     json{{"namespaces",
                           {{{"cluster", "prod-kr"}, {"namespace", "web"}},
                            {{"cluster", "prod-kr"}, {"namespace", "api"}}}}},
                     admin());
  EXPECT_EQ(one.status, 409);
  EXPECT_EQ(one.json["error"]["field"], "namespaces[1]");
  EXPECT_EQ(t_.Call("GET", "/api/v1/projects/chat-gateway", "", admin()).json["namespaces"].size(),
            1u);  // nothing written
}

TEST_P(OwnershipApiTest, SystemNamespacesAreRefused) {
  for (const char* ns : {"kube-system", "kube-public", "istio-system", "default"}) {
    auto r = Project({{"namespaces", {{{"cluster", "prod-kr"}, {"namespace", ns}}}}});
    EXPECT_EQ(r.status, 422) << ns;
    EXPECT_EQ(r.json["error"]["field"], "namespaces[0]") << ns;
  }
  auto slug = t_.Call("POST", "/api/v1/projects",
                      json{{"slug", "kube-proxy"}, {"name", "K"}, {"owner_team", "chat"}}, admin());
  EXPECT_EQ(slug.status, 422);
  EXPECT_EQ(slug.json["error"]["field"], "slug");
  // The platform adds its own.
  TestApp configured(DatabaseFor(GetParam()), SystemClock::Get(),
                     json{{"catalog", {{"reserved_namespaces", {"monitoring"}}}}});
  ASSERT_EQ(configured
                .Call("POST", "/api/v1/teams", json{{"slug", "chat"}, {"name", "Chat"}},
                      configured.admin_token())
                .status,
            201);
  auto monitoring = configured.Call("POST", "/api/v1/projects",
                                    json{{"slug", "chat-gateway"},
                                         {"name", "C"},
                                         {"owner_team", "chat"},
                                         {"namespaces", {{{"namespace", "monitoring"}}}}},
                                    configured.admin_token());
  EXPECT_EQ(monitoring.status, 422);
  EXPECT_EQ(monitoring.json["error"]["field"], "namespaces[0]");
  EXPECT_EQ(t_.Call("GET", "/api/v1/projects/chat-gateway", "", admin()).status, 404);
}

TEST_P(OwnershipApiTest, AProjectNamedAfterAClaimedNamespaceIsRefused) {
  ASSERT_EQ(Project({{"namespaces", {{{"cluster", ""}, {"namespace", "billing"}}}}}).status, 201);
  auto r = t_.Call("POST", "/api/v1/projects",
                   json{{"slug", "billing"}, {"name", "B"}, {"owner_team", "ads"}}, admin());
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.json["error"]["field"], "slug");
  EXPECT_NE(r.json["error"]["message"].get<std::string>().find("project chat-gateway"),
            std::string::npos);
  EXPECT_EQ(t_.Call("GET", "/api/v1/projects/billing", "", admin()).status, 404);
}

TEST_P(OwnershipApiTest, TransferKeepsHistoryAndChecksWhoMayDoIt) {
  ASSERT_EQ(Project({}).status, 201);
  std::string chat_dev = t_.UserToken("mina", "developer");
  std::string ads_dev = t_.UserToken("seo", "developer");
  t_.Call("POST", "/api/v1/teams/chat/members", json{{"login", "mina"}}, admin());
  t_.Call("POST", "/api/v1/teams/ads/members", json{{"login", "seo"}}, admin());
  json to_ads = {{"to_team", "ads"}, {"reason", "ads runs it now"}};
  EXPECT_EQ(t_.Call("POST", "/api/v1/projects/chat-gateway/transfer", to_ads, ads_dev).status, 403);
  auto missing_reason =
      t_.Call("POST", "/api/v1/projects/chat-gateway/transfer", json{{"to_team", "ads"}}, chat_dev);
  EXPECT_EQ(missing_reason.json["error"]["field"], "reason");
  auto moved = t_.Call("POST", "/api/v1/projects/chat-gateway/transfer", to_ads, chat_dev);
  ASSERT_EQ(moved.status, 200) << moved.raw.body;
  EXPECT_EQ(moved.json["owner_team"], "ads");
  auto history = t_.Call("GET", "/api/v1/projects/chat-gateway/ownership-history", "", admin());
  ASSERT_EQ(history.json["items"].size(), 1u);
  EXPECT_EQ(history.json["items"][0]["from_team"], "chat");
  EXPECT_EQ(history.json["items"][0]["to_team"], "ads");
  EXPECT_EQ(history.json["items"][0]["actor"], "mina");
  EXPECT_EQ(history.json["items"][0]["reason"], "ads runs it now");
  auto relations = t_.Call("GET", "/api/v1/projects/chat-gateway/relations", "", admin());
  ASSERT_EQ(relations.status, 200);
  EXPECT_EQ(relations.json["items"][0]["type"], "ownedBy");
  EXPECT_EQ(relations.json["items"][0]["target"], "group:default/ads");
  // mina's team no longer owns it.
  EXPECT_EQ(t_.Call("POST", "/api/v1/projects/chat-gateway/transfer",
                    json{{"to_team", "chat"}, {"reason", "back"}}, chat_dev)
                .status,
            403);
}

TEST_P(OwnershipApiTest, DissolvedOwnerMakesOrphansThatATransferClears) {
  ASSERT_EQ(t_.Call("POST", "/api/v1/projects",
                    json{{"slug", "old"}, {"name", "Old"}, {"owner_team", "gone"}}, admin())
                .status,
            201);
  ASSERT_TRUE(
      t_.app()
          .store()
          .Query("INSERT INTO cloud_resources (id, provider, source, first_seen, last_seen) "
                 "VALUES ('arn:aws:s3:::bucket', 'aws', 'aws-scan', 500, 500)")
          .ok());
  Dissolve("gone");
  auto orphans = t_.Call("GET", "/api/v1/catalog/orphans", "", admin()).json["items"];
  ASSERT_EQ(orphans.size(), 2u);
  EXPECT_EQ(orphans[0]["kind"], "resource");  // seen at 500, before the dissolution at 1000
  EXPECT_EQ(orphans[1]["id"], "old");
  EXPECT_EQ(orphans[1]["last_owner"], "gone");
  EXPECT_NE(orphans[1]["reason"].get<std::string>().find("dissolved"), std::string::npos);
  EXPECT_EQ(t_.Call("GET", "/api/v1/projects/old", "", admin()).json["orphaned"], true);
  // A developer may claim an orphan for a team they belong to.
  std::string dev = t_.UserToken("joon", "developer");
  t_.Call("POST", "/api/v1/teams/ads/members", json{{"login", "joon"}}, admin());
  auto claimed = t_.Call("POST", "/api/v1/projects/old/transfer",
                         json{{"to_team", "ads"}, {"reason", "we run it"}}, dev);
  ASSERT_EQ(claimed.status, 200) << claimed.raw.body;
  EXPECT_EQ(claimed.json["orphaned"], false);
  orphans = t_.Call("GET", "/api/v1/catalog/orphans", "", admin()).json["items"];
  ASSERT_EQ(orphans.size(), 1u);
  EXPECT_EQ(orphans[0]["kind"], "resource");
  auto to_dissolved = t_.Call("POST", "/api/v1/projects/old/transfer",
                              json{{"to_team", "gone"}, {"reason", "x"}}, admin());
  EXPECT_EQ(to_dissolved.status, 422);
}

TEST_P(OwnershipApiTest, OwnerLookup) {
  ASSERT_EQ(Project({{"oncall", "chat-primary"},
                     {"namespaces",
                      {{{"cluster", "prod-kr"}, {"namespace", "chat-kr"}},
                       {{"cluster", ""}, {"namespace", "chat-all"}}}}})
                .status,
            201);
  ASSERT_EQ(t_.Call("PATCH", "/api/v1/teams/chat", json{{"chat_channel", "#chat"}}, admin()).status,
            200);
  t_.UserToken("mina", "developer");
  t_.Call("POST", "/api/v1/teams/chat/members", json{{"login", "mina"}}, admin());
  ASSERT_TRUE(t_.app().store().Query("UPDATE team_members SET lead = 1").ok());
  auto by_ns =
      t_.Call("GET", "/api/v1/catalog/owner?namespace=chat-kr&cluster=prod-kr", "", admin());
  ASSERT_EQ(by_ns.status, 200) << by_ns.raw.body;
  EXPECT_EQ(by_ns.json["team"]["slug"], "chat");
  EXPECT_EQ(by_ns.json["team"]["chat_channel"], "#chat");
  EXPECT_EQ(by_ns.json["project"], "chat-gateway");
  EXPECT_EQ(by_ns.json["oncall"], "chat-primary");
  EXPECT_EQ(by_ns.json["lead"]["login"], "mina");
  EXPECT_EQ(
      t_.Call("GET", "/api/v1/catalog/owner?namespace=chat-kr&cluster=prod-us", "", admin()).status,
      404);
  EXPECT_EQ(t_.Call("GET", "/api/v1/catalog/owner?namespace=chat-all&cluster=any", "", admin())
                .json["project"],
            "chat-gateway");
  EXPECT_EQ(
      t_.Call("GET", "/api/v1/catalog/owner?namespace=chat-gateway", "", admin()).json["project"],
      "chat-gateway");
  EXPECT_EQ(t_.Call("GET", "/api/v1/catalog/owner?project=chat-gateway", "", admin())
                .json["team"]["slug"],
            "chat");
  ASSERT_TRUE(
      t_.app()
          .store()
          .Query("INSERT INTO cloud_resources (id, provider, source, first_seen, last_seen, "
                 "owner_team_id) "
                 "SELECT 'arn:aws:sqs:x', 'aws', 'api', 1, 1, id FROM teams WHERE slug = 'ads'")
          .ok());
  EXPECT_EQ(t_.Call("GET", "/api/v1/catalog/owner?resource=arn:aws:sqs:x", "", admin())
                .json["team"]["slug"],
            "ads");
  EXPECT_EQ(t_.Call("GET", "/api/v1/catalog/owner", "", admin()).status, 422);
}

TEST_P(OwnershipApiTest, Scorecards) {
  ASSERT_EQ(Project({{"description", "WebSocket edge for chat"},
                     {"oncall", "chat-primary"},
                     {"repo_url", "https://git/x"}})
                .status,
            201);
  ASSERT_EQ(t_.Call("POST", "/api/v1/projects",
                    json{{"slug", "bare"}, {"name", "Bare"}, {"owner_team", "chat"}}, admin())
                .status,
            201);
  // The full project also describes its app and deploys to production.
  ASSERT_EQ(
      t_.Call("PUT", "/api/v1/projects/chat-gateway/spec",
              json{{"yaml", "apiVersion: paved.dev/v1\nworkers:\n  w: {image: r.example.com/w}\n"}},
              admin())
          .status,
      201);
  ASSERT_EQ(t_.Call("PUT", "/api/v1/projects/chat-gateway/targets",
                    json{{"clusters", {"local-production"}}}, admin())
                .status,
            200);
  // A new project starts with the default targets (production included); this one's team keeps
  // it in alpha.
  ASSERT_EQ(
      t_.Call("PUT", "/api/v1/projects/bare/targets", json{{"clusters", {"local-alpha"}}}, admin())
          .status,
      200);
  auto s = t_.Call("GET", "/api/v1/catalog/scorecards", "", admin()).json;
  ASSERT_EQ(s["projects"].size(), 2u);
  EXPECT_GE(s["checks"].size(), 7u);
  json bare = s["projects"][0], full = s["projects"][1];
  EXPECT_EQ(bare["checks"]["has_app_spec"], false);
  EXPECT_EQ(bare["checks"]["has_production_target"], false);
  EXPECT_EQ(full["score"], 100);
  EXPECT_EQ(bare["checks"]["has_description"], false);
  EXPECT_EQ(bare["checks"]["has_owner"], true);
  EXPECT_LT(bare["score"].get<double>(), 100);
  ASSERT_EQ(s["teams"].size(), 1u);
  EXPECT_EQ(s["teams"][0]["score"].get<double>(),
            std::round((bare["score"].get<double>() + 100) / 2));
}

INSTANTIATE_TEST_SUITE_P(Engines, OwnershipApiTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::server
