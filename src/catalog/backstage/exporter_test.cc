#include "catalog/backstage/exporter.h"

#include "catalog/backstage/testing/backstage_env.h"
#include "catalog/backstage/yaml_json.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::catalog::backstage {
namespace {

using testing::Env;

class ExporterTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  std::unique_ptr<Env> Fresh() {
    auto env = Env::Open(GetParam());
    EXPECT_TRUE(env.ok()) << env.status();  // PostgreSQL must start: never skip
    return env.ok() ? std::move(*env) : nullptr;
  }

  // Teams, projects and resources made through Paved (not imported), plus the sample.
  void Populate(Env& env) {
    std::string platform = env.AddTeam("platform", "T-1");
    std::string chat = env.AddTeam("chat", "T-1042");  // the sample's Group matches it by HR id
    std::string ads = env.AddTeam("ads");
    ASSERT_OK(env.store->Transaction([&](store::Tx& tx) -> absl::Status {
      auto s = tx.Query("UPDATE teams SET parent_id = $1, chat_channel = '#chat' WHERE id = $2",
                        {platform, chat});
      if (!s.ok()) return s.status();
      Project p{.slug = "billing",
                .name = "Billing API",
                .description = "money: in and out",
                .owner_team_id = ads,
                .lifecycle = "deprecated",
                .type = "service",
                .system = "payments",
                .repo_url = "https://git.example.com/billing",
                .tags = {"java", "pci"},
                .links = {{"https://runbook", "Runbook", "docs"}},
                .owners = {"chat"},
                .namespaces = {{"", "billing"}, {"prod-eu", "billing-eu"}},
                .created_by = "admin"};
      absl::Status st = env.projects->Create(tx, p);
      if (!st.ok()) return st;
      Project bare{.slug = "true", .name = "true", .owner_team_id = platform, .created_by = "x"};
      st = env.projects->Create(tx, bare);
      if (!st.ok()) return st;
      CloudResource r{.id = "arn:aws:s3:::ads-logs",
                      .provider = "aws",
                      .type = "s3",
                      .name = "ads logs",
                      .owner_team_id = ads,
                      .source = "aws-scan"};
      st = env.resources->Upsert(tx, r);
      if (!st.ok()) return st;
      CloudResource orphan{.id = "arn:aws:sqs:us-east-1:1:q", .provider = "aws", .source = "x"};
      return env.resources->Upsert(tx, orphan);
    }));
    auto r = env.ImportYaml(testing::SampleYaml());
    ASSERT_OK(r);
    ASSERT_TRUE(r->errors.empty()) << r->errors[0].ToString();
  }
};

TEST_P(ExporterTest, ExportImportExportIsIdentical) {
  auto a = Fresh();
  ASSERT_TRUE(a);
  Populate(*a);
  auto first = a->ExportYaml();
  ASSERT_OK(first);
  auto b = Fresh();
  ASSERT_TRUE(b);
  auto imported = b->ImportYaml(*first);
  ASSERT_OK(imported);
  ASSERT_TRUE(imported->errors.empty()) << imported->errors[0].ToString() << "\n" << *first;
  auto second = b->ExportYaml();
  ASSERT_OK(second);
  EXPECT_EQ(*first, *second);
  // Paved's own fields survived the trip.
  auto billing = b->projects->FindBySlug("billing");
  ASSERT_OK(billing);
  ASSERT_TRUE(billing->has_value());
  EXPECT_EQ((*billing)->lifecycle, "deprecated");
  EXPECT_EQ((*billing)->namespaces.size(), 2u);
  // A fresh Paved names teams after their Groups.
  EXPECT_EQ((*billing)->owners, std::vector<std::string>{"chat-platform"});
  EXPECT_EQ((*billing)->repo_url, "https://git.example.com/billing");
  auto chat = b->teams->FindBySlug("chat-platform");
  ASSERT_OK(chat);
  ASSERT_TRUE(chat->has_value());
  EXPECT_EQ((*chat)->parent, "platform");
  EXPECT_EQ((*chat)->hr_id, "T-1042");
  // And importing the export again is a no-op.
  auto again = b->ImportYaml(*first);
  ASSERT_OK(again);
  EXPECT_TRUE(again->created.empty());
  EXPECT_TRUE(again->updated.empty());
}

// Every kind Backstage defines, with Group members Paved knows (mina.kim), does not know
// (ghost) and spells as a full reference.
constexpr char kEveryKind[] = R"(apiVersion: backstage.io/v1alpha1
kind: Domain
metadata: {name: messaging}
spec: {owner: chat-platform}
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata: {name: chat}
spec: {owner: chat-platform, domain: messaging}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: platform}
spec: {type: department, children: [chat-platform]}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: chat-platform, description: Chat}
spec:
  type: team
  profile: {displayName: Chat Platform}
  parent: platform
  children: []
  members: [ghost, user:default/joon.park, mina.kim]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: mina.kim}
spec: {memberOf: [chat-platform]}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: chat-gateway, tags: [go]}
spec: {type: service, lifecycle: production, owner: chat-platform, system: chat,
       providesApis: [chat-api], dependsOn: [resource:default/chat-redis]}
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: {name: chat-api}
spec: {type: openapi, lifecycle: production, owner: chat-platform, definition: "openapi: 3.0.0"}
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: {name: chat-redis}
spec: {type: database, owner: chat-platform, system: chat}
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: {name: new-service}
spec: {type: service, owner: chat-platform, steps: [{id: fetch, action: fetch:template}]}
---
apiVersion: backstage.io/v1alpha1
kind: Location
metadata: {name: more}
spec: {targets: [./other.yaml]}
)";

// export → import → export is the same text, byte for byte: into a Paved without the users and
// into one with them, with a member added by hand on the way.
TEST_P(ExporterTest, EveryKindWithMembersSurvivesExportImportExport) {
  auto a = Fresh();
  ASSERT_TRUE(a);
  a->AddUser("mina.kim");
  a->AddUser("joon.park");
  std::string lee = a->AddUser("lee");
  auto imported = a->ImportYaml(kEveryKind);
  ASSERT_OK(imported);
  ASSERT_TRUE(imported->errors.empty()) << imported->ToJson().dump();
  auto chat = a->teams->FindBySlug("chat-platform");
  ASSERT_OK(chat);
  ASSERT_TRUE(chat->has_value());
  a->AddMember((*chat)->id, lee);
  auto first = a->ExportYaml();
  ASSERT_OK(first);
  // The Group's own spelling and order, then the member added by hand.
  size_t ghost = first->find("- ghost\n"), joon = first->find("- user:default/joon.park\n"),
         mina = first->find("- mina.kim\n"), lee_at = first->find("- lee\n");
  ASSERT_NE(lee_at, std::string::npos) << *first;
  EXPECT_TRUE(ghost < joon && joon < mina && mina < lee_at) << *first;
  for (bool with_users : {false, true}) {
    SCOPED_TRACE(with_users ? "with the users" : "without the users");
    auto b = Fresh();
    ASSERT_TRUE(b);
    if (with_users) {
      for (const char* login : {"mina.kim", "joon.park", "lee"}) b->AddUser(login);
    }
    auto again = b->ImportYaml(*first);
    ASSERT_OK(again);
    ASSERT_TRUE(again->errors.empty()) << again->ToJson().dump();
    EXPECT_EQ(again->warnings.size(), with_users ? 1u : 4u) << again->ToJson().dump();
    auto second = b->ExportYaml();
    ASSERT_OK(second);
    EXPECT_EQ(*first, *second);
  }
}

TEST_P(ExporterTest, SampleExportReimportsCleanlyWithUnknownFieldsKept) {
  auto a = Fresh();
  ASSERT_TRUE(a);
  ASSERT_OK(a->ImportYaml(testing::SampleYaml()));
  auto text = a->ExportYaml();
  ASSERT_OK(text);
  EXPECT_NE(text->find("pagerduty.com/service-id: PX1234"), std::string::npos) << *text;
  EXPECT_NE(text->find("openapi: 3.0.0"), std::string::npos);
  auto b = Fresh();
  ASSERT_TRUE(b);
  auto r = b->ImportYaml(*text);
  ASSERT_OK(r);
  ASSERT_TRUE(r->errors.empty()) << r->errors[0].ToString();
  EXPECT_EQ(r->created.size(), 6u);
  // Re-importing the export where it came from changes nothing.
  auto same = a->ImportYaml(*text);
  ASSERT_OK(same);
  EXPECT_TRUE(same->updated.empty()) << same->ToJson().dump();
}

TEST_P(ExporterTest, ProjectDocumentCarriesItsSystemApisAndResources) {
  auto a = Fresh();
  ASSERT_TRUE(a);
  ASSERT_OK(a->ImportYaml(testing::SampleYaml()));
  auto docs = a->MakeExporter().Project("chat-gateway");
  ASSERT_OK(docs);
  ASSERT_TRUE(docs->has_value());
  std::vector<std::string> kinds;
  for (const auto& d : **docs) kinds.push_back(d["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"Component", "System", "API", "Resource"}));
  EXPECT_EQ((**docs)[0]["spec"]["owner"], "chat-platform");
  auto none = a->MakeExporter().Project("nope");
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
}

INSTANTIATE_TEST_SUITE_P(Engines, ExporterTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::catalog::backstage
