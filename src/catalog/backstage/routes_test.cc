#include "catalog/backstage/backstage_routes.h"

#include "catalog/backstage/testing.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::catalog::backstage {
namespace {

using json = nlohmann::json;

// The routes through their own Router, as the server's dispatcher calls them.
class RoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto env = testing::Env::Open(store::Engine::kSqlite);
    ASSERT_OK(env);
    env_ = std::move(*env);
    router_.Add(BackstageRoutes({.store = env_->store.get(),
                                 .teams = env_->teams.get(),
                                 .projects = env_->projects.get(),
                                 .resources = env_->resources.get(),
                                 .audit = env_->audit.get(),
                                 .hr_id_annotation = "example.com/hr-id",
                                 .clock = &env_->clock}));
    admin_ = {.user_id = "a", .login = "admin", .role = Role::kAdmin};
  }

  http::Response Call(const std::string& method, const std::string& target,
                      const std::string& body = "", const std::string& type = "application/yaml",
                      const http::Caller* caller = nullptr) {
    http::Request req;
    req.method = method;
    req.target = target;
    size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = http::ParseQuery(target.substr(q + 1));
    req.headers["Content-Type"] = type;
    req.body = body;
    auto match = router_.Find(method, req.path);
    if (match.route == nullptr) return http::Response{.status = 404};
    req.path_params = match.params;
    http::Context ctx{req, caller ? caller : &admin_};
    return match.route->handler(ctx);
  }

  std::unique_ptr<testing::Env> env_;
  http::Router router_;
  http::Caller admin_;
};

TEST_F(RoutesTest, ImportDryRunThenRealThenExport) {
  auto dry =
      Call("POST", "/api/v1/catalog/import?dry_run=true&location=sample", testing::SampleYaml());
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(json::parse(dry.body)["created"].size(), 6u);
  EXPECT_EQ(json::parse(dry.body)["location"], "sample");
  EXPECT_EQ(env_->Count("SELECT COUNT(*) AS n FROM catalog_entities"), 0);

  auto real = Call("POST", "/api/v1/catalog/import?location=sample", testing::SampleYaml());
  ASSERT_EQ(real.status, 200) << real.body;
  EXPECT_EQ(json::parse(real.body), json::parse(dry.body));

  auto exported = Call("GET", "/api/v1/catalog/export");
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(exported.Header("Content-Type"), "application/yaml");
  EXPECT_NE(exported.body.find("name: chat-gateway"), std::string::npos);

  auto one = Call("GET", "/api/v1/projects/chat-gateway/catalog-info.yaml");
  ASSERT_EQ(one.status, 200);
  EXPECT_LT(one.body.find("kind: Component"), one.body.find("kind: System"));
  EXPECT_NE(one.body.find("kind: System"), std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/projects/nope/catalog-info.yaml").status, 404);

  auto apis = Call("GET", "/api/v1/catalog/entities?kind=API");
  ASSERT_EQ(apis.status, 200) << apis.body;
  auto items = json::parse(apis.body)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["ref"], "api:default/chat-api");
  EXPECT_EQ(items[0]["document"]["spec"]["type"], "openapi");
  EXPECT_EQ(items[0]["location"], "sample");
}

TEST_F(RoutesTest, InvalidCatalogIs422WithEveryError) {
  std::string yaml = R"(apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: chat-gateway
spec:
  type: service
  lifecycle: production
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: db
spec:
  owner: x
)";
  auto r = Call("POST", "/api/v1/catalog/import", yaml);
  ASSERT_EQ(r.status, 422);
  auto body = json::parse(r.body);
  EXPECT_EQ(body["error"]["code"], "invalid_catalog");
  EXPECT_EQ(body["error"]["message"],
            "document 1 (Component chat-gateway), line 5: spec.owner is required");
  EXPECT_EQ(body["error"]["field"], "spec.owner");
  ASSERT_EQ(body["errors"].size(), 2u);
  EXPECT_EQ(body["errors"][1]["document"], 2);
  EXPECT_EQ(body["errors"][1]["field"], "spec.type");
  EXPECT_EQ(body["errors"][1]["line"], 13);
  EXPECT_EQ(env_->Count("SELECT COUNT(*) AS n FROM audit_events"), 0);
}

TEST_F(RoutesTest, UrlImportsAreForSreAndAdmin) {
  http::Caller dev{.user_id = "d", .login = "dev", .role = Role::kDeveloper};
  auto r = Call("POST", "/api/v1/catalog/import", R"({"url":"/etc/paved/catalog.yaml"})",
                "application/json", &dev);
  EXPECT_EQ(r.status, 403);
  auto missing =
      Call("POST", "/api/v1/catalog/import", R"({"url":"/no/such/file.yaml"})", "application/json");
  ASSERT_EQ(missing.status, 422) << missing.body;
  EXPECT_EQ(json::parse(missing.body)["error"]["message"],
            "/no/such/file.yaml: no such file or directory");
  EXPECT_EQ(Call("POST", "/api/v1/catalog/import", R"({"nope":1})", "application/json").status,
            422);
}

// Backstage documents: a Group `team` and a Component owned by it for each name.
std::string TeamWith(const std::string& team, const std::vector<std::string>& components) {
  std::string yaml = "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: " + team +
                     "\nspec:\n  type: team\n  children: []\n";
  for (const std::string& c : components) {
    yaml += "---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + c +
            "\nspec:\n  type: service\n  lifecycle: production\n  owner: group:" + team + "\n";
  }
  return yaml;
}

TEST_F(RoutesTest, PastesWithoutLocationEachGetTheirOwnAndOrphanNothing) {
  http::Caller bob{.user_id = "b", .login = "bob", .role = Role::kAdmin};
  auto first = Call("POST", "/api/v1/catalog/import", TeamWith("paste-a", {"paste-svc-a"}));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json::parse(first.body)["location"], "paste:admin-2023-11-14T22:13:20.000Z");
  env_->clock.AdvanceMs(1000);
  auto second = Call("POST", "/api/v1/catalog/import", TeamWith("paste-b", {"paste-svc-b"}),
                     "application/yaml", &bob);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(json::parse(second.body)["location"], "paste:bob-2023-11-14T22:13:21.000Z");
  EXPECT_TRUE(json::parse(second.body)["orphaned"].empty()) << second.body;
  // The same person pasting again later does not orphan the first paste either.
  env_->clock.AdvanceMs(1000);
  auto again = Call("POST", "/api/v1/catalog/import", TeamWith("paste-c", {}));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_TRUE(json::parse(again.body)["orphaned"].empty()) << again.body;
  EXPECT_EQ(env_->Count("SELECT COUNT(*) AS n FROM catalog_entities WHERE orphaned_at IS NOT NULL"),
            0);
}

TEST_F(RoutesTest, ALocationIsShortAndPrintable) {
  for (const std::string& location :
       {std::string(257, 'l'), std::string("a%0Ab"), std::string("a%00b")}) {
    auto r = Call("POST", "/api/v1/catalog/import?dry_run=true&location=" + location,
                  TeamWith("loc", {"loc-svc"}));
    EXPECT_EQ(r.status, 422) << location << ": " << r.body;
    EXPECT_EQ(json::parse(r.body)["error"]["field"], "location") << r.body;
  }
  EXPECT_EQ(env_->Count("SELECT COUNT(*) AS n FROM catalog_entities WHERE name = 'loc-svc'"), 0);
  auto fine = Call("POST", "/api/v1/catalog/import?dry_run=true&location=" + std::string(256, 'l'),
                   TeamWith("loc", {"loc-svc"}));
  EXPECT_EQ(fine.status, 200) << fine.body;
}

TEST_F(RoutesTest, PreviewOfANamedPasteListsWhatItWouldOrphan) {
  const std::string target = "/api/v1/catalog/import?location=paste%3Ashop";
  auto first = Call("POST", target, TeamWith("shop", {"shop-web", "shop-api"}));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json::parse(first.body)["location"], "paste:shop");

  auto preview = Call("POST", "/api/v1/catalog/import?dry_run=true&location=paste%3Ashop",
                      TeamWith("shop", {"shop-web"}));
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(json::parse(preview.body)["orphaned"], json::array({"component:default/shop-api"}));
  EXPECT_EQ(env_->Count("SELECT COUNT(*) AS n FROM catalog_entities WHERE orphaned_at IS NOT NULL"),
            0);
  // Another location's paste previews no orphans of this one.
  auto elsewhere = Call("POST", "/api/v1/catalog/import?dry_run=true&location=paste%3Aother",
                        TeamWith("other", {}));
  ASSERT_EQ(elsewhere.status, 200) << elsewhere.body;
  EXPECT_TRUE(json::parse(elsewhere.body)["orphaned"].empty()) << elsewhere.body;
}

}  // namespace
}  // namespace paved::catalog::backstage
