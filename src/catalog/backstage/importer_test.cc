#include "catalog/backstage/importer.h"

#include "catalog/backstage/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::catalog::backstage {
namespace {

using ::testing::ElementsAre;
using testing::Env;
using ::testing::IsEmpty;

std::string Component(const std::string& name, const std::string& owner,
                      const std::string& extra_spec = "", const std::string& extra_md = "") {
  return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name + "\n" +
         extra_md + "spec:\n  type: service\n  lifecycle: production\n  owner: " + owner + "\n" +
         extra_spec;
}
std::string Group(const std::string& name, const std::string& extra_spec = "") {
  return "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: " + name +
         "\nspec:\n  type: team\n  children: []\n" + extra_spec;
}

class ImporterTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto env = Env::Open(GetParam());
    ASSERT_OK(env);  // PostgreSQL must start: never skip
    env_ = std::move(*env);
  }
  int64_t Audits() { return env_->Count("SELECT COUNT(*) AS n FROM audit_events"); }
  int64_t Entities() { return env_->Count("SELECT COUNT(*) AS n FROM catalog_entities"); }
  int64_t Projects() { return env_->Count("SELECT COUNT(*) AS n FROM projects"); }
  std::set<std::string> Relations() {
    std::set<std::string> out;
    auto rs = env_->store->Query("SELECT source_ref, type, target_ref FROM catalog_relations");
    if (!rs.ok()) return out;
    for (const auto& r : rs->rows) {
      out.insert(r.Text("source_ref") + " " + r.Text("type") + " " + r.Text("target_ref"));
    }
    return out;
  }
  std::unique_ptr<Env> env_;
};

TEST_P(ImporterTest, SampleMapsOntoTeamsProjectsResourcesAndRelations) {
  auto r = env_->ImportYaml(testing::SampleYaml());
  ASSERT_OK(r);
  ASSERT_TRUE(r->errors.empty()) << r->errors[0].ToString();
  EXPECT_THAT(r->created, ElementsAre("group:default/chat-platform", "user:default/mina.kim",
                                      "system:default/chat", "component:default/chat-gateway",
                                      "api:default/chat-api", "resource:default/chat-redis"));
  auto team = env_->teams->FindBySlug("chat-platform");
  ASSERT_OK(team);
  ASSERT_TRUE(team->has_value());
  EXPECT_EQ((*team)->name, "Chat Platform");
  EXPECT_EQ((*team)->hr_id, "T-1042");
  EXPECT_EQ((*team)->source, "backstage");
  auto p = env_->projects->FindBySlug("chat-gateway");
  ASSERT_OK(p);
  ASSERT_TRUE(p->has_value());
  const Project& project = **p;
  EXPECT_EQ(project.name, "Chat Gateway");
  EXPECT_EQ(project.description, "WebSocket gateway for 1:1 and group chat");
  EXPECT_EQ(project.owner_team, "chat-platform");
  EXPECT_EQ(project.lifecycle, "production");
  EXPECT_EQ(project.type, "service");
  EXPECT_EQ(project.system, "chat");
  EXPECT_EQ(project.repo_url, "https://github.com/example/chat-gateway");
  EXPECT_THAT(project.tags, ElementsAre("go", "websocket"));
  ASSERT_EQ(project.links.size(), 1u);
  EXPECT_EQ(project.links[0].title, "Dashboard");
  ASSERT_EQ(project.namespaces.size(), 1u);
  EXPECT_EQ(project.namespaces[0].ns, "chat-gateway");
  EXPECT_EQ(project.location, "inline");
  auto found = env_->resources->Find(
      "arn:aws:elasticache:ap-northeast-2:111122223333:replicationgroup:chat-redis");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  const CloudResource* res = &**found;
  EXPECT_EQ(res->provider, "aws");
  EXPECT_EQ(res->region, "ap-northeast-2");
  EXPECT_EQ(res->account, "111122223333");
  EXPECT_EQ(res->type, "redis");
  EXPECT_EQ(res->owner_team, "chat-platform");
  auto rel = Relations();
  for (const char* want :
       {"component:default/chat-gateway ownedBy group:default/chat-platform",
        "group:default/chat-platform ownerOf component:default/chat-gateway",
        "component:default/chat-gateway partOf system:default/chat",
        "system:default/chat hasPart component:default/chat-gateway",
        "system:default/chat partOf domain:default/messaging",
        "component:default/chat-gateway dependsOn resource:default/chat-redis",
        "resource:default/chat-redis dependencyOf component:default/chat-gateway",
        "component:default/chat-gateway providesApi api:default/chat-api",
        "api:default/chat-api apiProvidedBy component:default/chat-gateway",
        "user:default/mina.kim memberOf group:default/chat-platform",
        "group:default/chat-platform hasMember user:default/mina.kim",
        "group:default/chat-platform childOf group:default/platform",
        "group:default/platform parentOf group:default/chat-platform"}) {
    EXPECT_TRUE(rel.count(want)) << want;
  }
  // Every entity is kept verbatim, unknown annotations included.
  auto doc = env_->store->Query(
      "SELECT document FROM catalog_entities WHERE ref = 'component:default/chat-gateway'");
  ASSERT_OK(doc);
  auto json = nlohmann::json::parse(doc->front().Text("document"));
  EXPECT_EQ(json["metadata"]["annotations"]["pagerduty.com/service-id"], "PX1234");
}

TEST_P(ImporterTest, GroupsMatchHrTeamsByHrIdThenBySlug) {
  std::string chat = env_->AddTeam("chat", "T-1042");
  std::string ads = env_->AddTeam("ads");
  auto r = env_->ImportYaml(testing::SampleYaml() + "---\n" + Group("ads") + "---\n" +
                            Component("ad-server", "ads"));
  ASSERT_OK(r);
  ASSERT_TRUE(r->errors.empty()) << r->errors[0].ToString();
  EXPECT_EQ(env_->Count("SELECT COUNT(*) AS n FROM teams"), 2);  // none created
  auto p = env_->projects->FindBySlug("chat-gateway");
  ASSERT_OK(p);
  EXPECT_EQ((*p)->owner_team, "chat");
  auto team = env_->teams->FindBySlug("chat");
  EXPECT_EQ((*team)->source, "hr");  // HR stays the source of truth for its teams
  EXPECT_EQ((*team)->name, "chat");  // and for their names
  EXPECT_EQ((*env_->projects->FindBySlug("ad-server"))->owner_team_id, ads);
  (void)chat;
}

TEST_P(ImporterTest, UnknownOwnerFailsTheWholeImportWithItsLine) {
  int64_t audits = Audits();
  auto r = env_->ImportYaml(Group("web") + "---\n" + Component("shop", "web") + "---\n" +
                            Component("chat-gateway", "ghosts"));
  ASSERT_OK(r);
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(r->errors[0].ToString(),
            "document 3 (Component chat-gateway), line 25: spec.owner: unknown group ghosts");
  EXPECT_EQ(r->errors[0].field, "spec.owner");
  EXPECT_THAT(r->created, IsEmpty());
  EXPECT_EQ(Entities(), 0);
  EXPECT_EQ(Projects(), 0);
  EXPECT_EQ(env_->Count("SELECT COUNT(*) AS n FROM teams"), 0);
  EXPECT_EQ(Audits(), audits);
}

TEST_P(ImporterTest, BadEntitiesAreRejected) {
  env_->AddTeam("web");
  struct Case {
    std::string yaml, field, text;
  };
  std::vector<Case> cases = {
      {Component("shop", "web") + "---\n" + Component("shop", "web"), "metadata.name",
       "duplicate entity component:default/shop"},
      {Component("Shop_Front", "web"), "metadata.name", "not a valid project slug"},
      {Component("shop", "web", "", "  annotations:\n    paved.dev/owners: web,nobody\n"),
       "metadata.annotations", "unknown group nobody"},
      {Component("shop", "user:mina"), "spec.owner", "unknown group"},
      {Component("a", "web", "",
                 "  annotations:\n    backstage.io/kubernetes-namespace: shared\n") +
           "---\n" +
           Component("b", "web", "",
                     "  annotations:\n    backstage.io/kubernetes-namespace: shared\n"),
       "metadata.annotations", "namespace shared already belongs to project a"},
      {Component("shop", "web", "  dependsOn: [db]\n"), "spec.dependsOn", "needs a kind"},
      {Group("Bad_Team"), "metadata.name", "not a valid team slug"},
  };
  for (const Case& c : cases) {
    auto r = env_->ImportYaml(c.yaml);
    ASSERT_OK(r);
    ASSERT_FALSE(r->errors.empty()) << c.yaml;
    EXPECT_EQ(r->errors[0].field, c.field) << r->errors[0].ToString();
    EXPECT_NE(r->errors[0].ToString().find(c.text), std::string::npos) << r->errors[0].ToString();
  }
  EXPECT_EQ(Entities(), 0);
  EXPECT_EQ(Projects(), 0);
}

TEST_P(ImporterTest, DryRunAnswersLikeTheRealImportAndWritesNothing) {
  int64_t audits = Audits();
  auto dry = env_->ImportYaml(testing::SampleYaml(), {.dry_run = true});
  ASSERT_OK(dry);
  EXPECT_EQ(Entities(), 0);
  EXPECT_EQ(Projects(), 0);
  EXPECT_EQ(env_->Count("SELECT COUNT(*) AS n FROM teams"), 0);
  EXPECT_EQ(env_->Count("SELECT COUNT(*) AS n FROM catalog_relations"), 0);
  EXPECT_EQ(Audits(), audits);
  auto real = env_->ImportYaml(testing::SampleYaml());
  ASSERT_OK(real);
  EXPECT_EQ(dry->ToJson(), real->ToJson());
  EXPECT_EQ(dry->created.size(), 6u);
}

TEST_P(ImporterTest, ReimportingTheSameFileChangesNothing) {
  ASSERT_OK(env_->ImportYaml(testing::SampleYaml()));
  int64_t audits = Audits();
  auto relations = Relations();
  auto again = env_->ImportYaml(testing::SampleYaml());
  ASSERT_OK(again);
  EXPECT_THAT(again->created, IsEmpty());
  EXPECT_THAT(again->updated, IsEmpty());
  EXPECT_EQ(again->unchanged.size(), 6u);
  EXPECT_EQ(Audits(), audits + 1);  // the import summary only
  EXPECT_EQ(Relations(), relations);
  auto last = env_->audit->List({.limit = 1});
  ASSERT_OK(last);
  EXPECT_EQ((*last)[0].action, "catalog.import");
}

TEST_P(ImporterTest, ChangedFieldsUpdateAndAreAudited) {
  env_->AddTeam("web");
  ASSERT_OK(env_->ImportYaml(Component("shop", "web")));
  auto r = env_->ImportYaml(Component("shop", "web", "", "  title: Shop Front\n"));
  ASSERT_OK(r);
  EXPECT_THAT(r->updated, ElementsAre("component:default/shop"));
  EXPECT_EQ((*env_->projects->FindBySlug("shop"))->name, "Shop Front");
  auto events = env_->audit->List({.subject = "project:shop"});
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].action, "project.update");
  EXPECT_EQ((*events)[0].summary["name"]["to"], "Shop Front");
}

TEST_P(ImporterTest, EntitiesALocationDropsAreOrphanedAndComeBack) {
  env_->AddTeam("web");
  std::string both = Component("shop", "web") + "---\n" +
                     Component("cart", "web", "  dependsOn: [component:shop]\n");
  ImportOptions at_repo{.location = "repo-a"};
  ASSERT_OK(env_->ImportYaml(both, at_repo));
  auto r = env_->ImportYaml(Component("shop", "web"), at_repo);
  ASSERT_OK(r);
  EXPECT_THAT(r->orphaned, ElementsAre("component:default/cart"));
  auto cart = env_->projects->FindBySlug("cart");
  ASSERT_OK(cart);
  ASSERT_TRUE(cart->has_value());  // never deleted
  EXPECT_TRUE((*cart)->orphaned_at_ms.has_value());
  EXPECT_EQ(env_->Count("SELECT COUNT(*) AS n FROM catalog_entities WHERE orphaned_at IS NOT NULL"),
            1);
  // Another location's import leaves repo-a's entities alone.
  ASSERT_OK(env_->ImportYaml(Component("other", "web"), {.location = "repo-b"}));
  EXPECT_FALSE((*env_->projects->FindBySlug("shop"))->orphaned_at_ms.has_value());
  // Orphaning again is not news.
  auto quiet = env_->ImportYaml(Component("shop", "web"), at_repo);
  ASSERT_OK(quiet);
  EXPECT_THAT(quiet->orphaned, IsEmpty());
  auto back = env_->ImportYaml(both, at_repo);
  ASSERT_OK(back);
  EXPECT_THAT(back->updated, ElementsAre("component:default/cart"));
  EXPECT_FALSE((*env_->projects->FindBySlug("cart"))->orphaned_at_ms.has_value());
  EXPECT_EQ(env_->Count("SELECT COUNT(*) AS n FROM catalog_entities WHERE orphaned_at IS NOT NULL"),
            0);
}

TEST_P(ImporterTest, RelationsFollowChangedDocuments) {
  env_->AddTeam("web");
  ASSERT_OK(env_->ImportYaml(Component("cart", "web", "  dependsOn: [component:shop]\n") + "---\n" +
                             Component("shop", "web")));
  ASSERT_OK(env_->ImportYaml(Component("shop", "web", "  system: store\n"), {.location = "x"}));
  auto rel = Relations();
  EXPECT_TRUE(rel.count("component:default/cart dependsOn component:default/shop"));
  EXPECT_TRUE(rel.count("component:default/shop dependencyOf component:default/cart"));
  EXPECT_TRUE(rel.count("component:default/shop partOf system:default/store"));
  ASSERT_OK(env_->ImportYaml(Component("cart", "web"), {.location = "inline"}));
  rel = Relations();
  EXPECT_FALSE(rel.count("component:default/cart dependsOn component:default/shop"));
  EXPECT_FALSE(rel.count("component:default/shop dependencyOf component:default/cart"));
  EXPECT_TRUE(rel.count("component:default/shop partOf system:default/store"));
}

TEST_P(ImporterTest, UnknownKindsAndFieldsAreKept) {
  auto r = env_->ImportYaml(R"(apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: new-service
  x-custom: {deep: [1, "two"]}
spec:
  steps: [{id: fetch}]
)");
  ASSERT_OK(r);
  ASSERT_TRUE(r->errors.empty());
  EXPECT_THAT(r->created, ElementsAre("template:default/new-service"));
  auto rs = env_->store->Query("SELECT kind, document FROM catalog_entities");
  ASSERT_OK(rs);
  EXPECT_EQ(rs->front().Text("kind"), "template");
  auto doc = nlohmann::json::parse(rs->front().Text("document"));
  EXPECT_EQ(doc["metadata"]["x-custom"]["deep"][1], "two");
  EXPECT_EQ(doc["spec"]["steps"][0]["id"], "fetch");
}

TEST_P(ImporterTest, DevelopersImportOnlyForTheirTeams) {
  std::string web = env_->AddTeam("web");
  env_->AddTeam("ads");
  Caller dev{.user_id = "u1", .login = "dev", .role = Role::kDeveloper, .team_ids = {web}};
  ImportOptions as_dev{.actor = "dev", .caller = &dev};
  EXPECT_OK(env_->ImportYaml(Component("shop", "web"), as_dev));
  auto other = env_->ImportYaml(Component("ad-server", "ads"), as_dev);
  EXPECT_EQ(other.status().code(), absl::StatusCode::kPermissionDenied);
  auto team = env_->ImportYaml(Group("newteam"), as_dev);
  ASSERT_OK(team);
  ASSERT_EQ(team->errors.size(), 1u);
  EXPECT_EQ(team->errors[0].field, "kind");
  EXPECT_EQ(Projects(), 1);
  EXPECT_FALSE(env_->teams->FindBySlug("newteam")->has_value());
}

// A developer's dry run of a file with a Group sees that Group as one error of its document,
// instead of a refusal of the whole file.
TEST_P(ImporterTest, DevelopersDryRunReportsTheGroupAsOneErrorOfItsDocument) {
  std::string web = env_->AddTeam("web");
  Caller dev{.user_id = "u1", .login = "dev", .role = Role::kDeveloper, .team_ids = {web}};
  ImportOptions dry{.actor = "dev", .caller = &dev, .dry_run = true};
  auto r =
      env_->ImportYaml(Component("shop", "web") + "---\n" + Group("newteam", "  members: [dev]\n") +
                           "---\n" + Component("cart", "web"),
                       dry);
  ASSERT_OK(r);
  ASSERT_EQ(r->errors.size(), 1u) << r->ToJson().dump();
  EXPECT_EQ(r->errors[0].document, 2);
  EXPECT_EQ(r->errors[0].field, "kind");
  EXPECT_THAT(r->errors[0].text, ::testing::HasSubstr("only sre and admin"));
  EXPECT_EQ(Projects(), 0);
}

// spec.members: logins of Paved users become members (source "backstage"); the others are
// warnings of the Group's document, and the import still succeeds.
TEST_P(ImporterTest, GroupMembersBecomeTeamMembersUnknownOnesAreReported) {
  env_->AddUser("mina.kim");
  env_->AddUser("joon.park");
  auto r = env_->ImportYaml(
      Component("shop", "chat") + "---\n" +
      Group("chat", "  members: [mina.kim, user:default/joon.park, ghost, mina.kim]\n"));
  ASSERT_OK(r);
  ASSERT_TRUE(r->errors.empty()) << r->ToJson().dump();
  EXPECT_THAT(env_->Members("chat"), ElementsAre("joon.park:backstage", "mina.kim:backstage"));
  ASSERT_EQ(r->warnings.size(), 1u) << r->ToJson().dump();
  EXPECT_EQ(r->warnings[0].document, 2);
  EXPECT_EQ(r->warnings[0].field, "spec.members");
  EXPECT_THAT(r->warnings[0].text, ::testing::HasSubstr("no user ghost"));
  EXPECT_EQ(r->ToJson()["warnings"].size(), 1u);
  // The dry run of the same file answers the same.
  auto dry = env_->ImportYaml(Group("chat", "  members: [ghost]\n"), {.dry_run = true});
  ASSERT_OK(dry);
  EXPECT_EQ(dry->warnings.size(), 1u);
}

// Re-importing removes the members an import added and the Group no longer lists; members
// added by hand stay, also when the Group never listed them.
TEST_P(ImporterTest, ReimportRemovesOnlyMembersAnImportAdded) {
  std::string mina = env_->AddUser("mina.kim");
  env_->AddUser("joon.park");
  std::string lee = env_->AddUser("lee");
  ASSERT_OK(env_->ImportYaml(Group("chat", "  members: [mina.kim, joon.park]\n")));
  auto chat = env_->teams->FindBySlug("chat");
  ASSERT_OK(chat);
  ASSERT_TRUE(chat->has_value());
  env_->AddMember((*chat)->id, lee, "paved");
  auto r = env_->ImportYaml(Group("chat", "  members: [mina.kim]\n"));
  ASSERT_OK(r);
  EXPECT_THAT(r->updated, ElementsAre("group:default/chat"));
  EXPECT_THAT(env_->Members("chat"), ElementsAre("lee:paved", "mina.kim:backstage"));
  ASSERT_OK(env_->ImportYaml(Group("chat", "  members: []\n")));
  EXPECT_THAT(env_->Members("chat"), ElementsAre("lee:paved"));
}

INSTANTIATE_TEST_SUITE_P(Engines, ImporterTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::catalog::backstage
