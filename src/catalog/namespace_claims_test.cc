#include "catalog/namespace_claims.h"

#include <gtest/gtest.h>

#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/status_macros.h"
#include "http/errors.h"
#include "store/migrate.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::catalog {
namespace {

using json = nlohmann::json;

// Namespace claims on both store engines: the rule as the store holds it, through ProjectStore
// and underneath it.
class NamespaceClaimsTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto s = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(s);
    store_ = std::move(*s);
    teams_ = std::make_unique<TeamStore>(store_.get(), &clock_);
    projects_ = std::make_unique<ProjectStore>(store_.get(), &clock_);
    Team team{.slug = "chat", .name = "Chat"};
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) { return teams_->Create(tx, team); }));
    team_id_ = team.id;
  }

  absl::StatusOr<Project> Create(const std::string& slug,
                                 std::vector<ProjectNamespace> namespaces = {}) {
    Project p{.slug = slug, .name = slug, .owner_team_id = team_id_, .created_by = "test"};
    p.namespaces = std::move(namespaces);
    RETURN_IF_ERROR(store_->Transaction([&](store::Tx& tx) { return projects_->Create(tx, p); }));
    return p;
  }
  absl::Status SetNamespaces(const std::string& slug, std::vector<ProjectNamespace> namespaces) {
    return store_->Transaction([&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(auto p, projects_->FindBySlugTx(tx, slug));
      p->namespaces = namespaces;
      return projects_->Update(tx, *p);
    });
  }
  // A claim written straight into the table, past every check in code.
  absl::Status RawClaim(const Project& p, const std::string& cluster, const std::string& ns) {
    return store_
        ->Query(
            "INSERT INTO project_namespaces (project_id, cluster, namespace) "
            "VALUES ($1, $2, $3)",
            {p.id, cluster, ns})
        .status();
  }

  FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<TeamStore> teams_;
  std::unique_ptr<ProjectStore> projects_;
  std::string team_id_;
};

TEST_P(NamespaceClaimsTest, TheStoreRefusesATakeoverThatSkipsTheChecks) {
  auto owner = Create("chat-gateway", {{"prod-kr", "web"}});
  auto squatter = Create("squatter");
  ASSERT_OK(owner);
  ASSERT_OK(squatter);
  // The other project's default namespace, on one cluster and on every cluster.
  EXPECT_FALSE(RawClaim(*squatter, "prod-kr", "chat-gateway").ok());
  EXPECT_FALSE(RawClaim(*squatter, "", "chat-gateway").ok());
  // Every cluster over another project's claim on one cluster.
  EXPECT_FALSE(RawClaim(*squatter, "", "web").ok());
  // The same cluster twice.
  EXPECT_FALSE(RawClaim(*squatter, "prod-kr", "web").ok());
  auto rows = store_->Query("SELECT COUNT(*) AS n FROM project_namespaces WHERE project_id = $1",
                            {squatter->id});
  ASSERT_OK(rows);
  EXPECT_EQ(rows->front().Int("n"), 1);  // its own default namespace only
}

TEST_P(NamespaceClaimsTest, EveryWriteFollowsTheRule) {
  ASSERT_OK(Create("chat-gateway", {{"prod-kr", "web"}}));
  ASSERT_OK(Create("ads"));
  EXPECT_CODE(SetNamespaces("ads", {{"", "chat-gateway"}}), kAlreadyExists);
  EXPECT_CODE(SetNamespaces("ads", {{"prod-jp", "chat-gateway"}}), kAlreadyExists);
  EXPECT_CODE(SetNamespaces("ads", {{"", "web"}}), kAlreadyExists);
  EXPECT_CODE(SetNamespaces("ads", {{"prod-kr", "web"}}), kAlreadyExists);
  EXPECT_CODE(SetNamespaces("ads", {{"prod-kr", "kube-system"}}), kInvalidArgument);
  EXPECT_CODE(Create("billing", {{"", "ads"}}).status(), kAlreadyExists);
  EXPECT_CODE(Create("kube-proxy").status(), kInvalidArgument);
  // Another cluster is free: one project per namespace per cluster.
  EXPECT_OK(SetNamespaces("ads", {{"prod-jp", "web"}}));
  // A project named after a namespace someone claims on every cluster cannot be created.
  EXPECT_OK(SetNamespaces("ads", {{"prod-jp", "web"}, {"", "billing"}}));
  auto billing = Create("billing");
  EXPECT_CODE(billing.status(), kAlreadyExists);
  EXPECT_EQ(http::ErrorField(billing.status()), "slug");
  EXPECT_NE(billing.status().message().find("project ads"), std::string::npos);
}

TEST_P(NamespaceClaimsTest, ReadsListOnlyTheNamedNamespacesAndReleasedOnesAreFree) {
  ASSERT_OK(Create("chat-gateway", {{"", "shared"}}));
  auto got = projects_->FindBySlug("chat-gateway");
  ASSERT_OK(got);
  ASSERT_EQ((*got)->namespaces.size(), 1u);  // not the default one
  EXPECT_EQ((*got)->namespaces[0].ns, "shared");
  // Moving from every cluster to one cluster, then giving the namespace up entirely.
  ASSERT_OK(SetNamespaces("chat-gateway", {{"prod-kr", "shared"}}));
  ASSERT_OK(Create("ads", {{"prod-jp", "shared"}}));
  ASSERT_OK(SetNamespaces("chat-gateway", {}));
  ASSERT_OK(SetNamespaces("ads", {{"", "shared"}}));
  // A deleted project's namespaces are free again, its default one too.
  ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(auto p, projects_->FindBySlugTx(tx, "ads"));
    return projects_->Delete(tx, *p);
  }));
  EXPECT_OK(Create("billing", {{"prod-kr", "shared"}, {"prod-kr", "ads"}}));
}

TEST_P(NamespaceClaimsTest, DeployOnlyIntoANamespaceTheProjectHolds) {
  auto chat = Create("chat-gateway", {{"prod-kr", "chat-kr"}});
  auto ads = Create("ads");
  ASSERT_OK(chat);
  ASSERT_OK(ads);
  EXPECT_OK(projects_->CheckDeployNamespace(*chat, "prod-kr", "chat-kr"));
  EXPECT_OK(projects_->CheckDeployNamespace(*chat, "prod-jp", "chat-gateway"));
  auto refused = projects_->CheckDeployNamespace(*ads, "prod-kr", "chat-gateway");
  EXPECT_CODE(refused, kFailedPrecondition);
  EXPECT_EQ(http::ErrorField(refused), "namespace");
  EXPECT_NE(refused.message().find("belongs to project chat-gateway"), std::string::npos);
  EXPECT_CODE(projects_->CheckDeployNamespace(*ads, "prod-jp", "chat-kr"), kFailedPrecondition);
  EXPECT_CODE(projects_->CheckDeployNamespace(*ads, "prod-kr", "kube-system"), kFailedPrecondition);
}

// Data written before the rule: the migration still applies, the oldest project keeps a
// disputed namespace and every claim taken away is kept in namespace_claims_removed.
TEST_P(NamespaceClaimsTest, TheMigrationResolvesClaimsThatBreakTheRule) {
  auto url = test_support::NewDatabaseUrl(GetParam());
  ASSERT_OK(url);
  auto opened = store::OpenStore(*url);
  ASSERT_OK(opened);
  store::Store& db = **opened;
  std::vector<store::Migration> before;
  for (const auto& m : store::AllMigrations()) {
    if (m.version < 10) before.push_back(m);
  }
  ASSERT_OK(store::Migrate(db, before));
  ASSERT_OK(db.Query(
      "INSERT INTO teams (id, slug, name, created_at, updated_at) VALUES ('t', 't', 'T', 0, 0)"));
  int64_t created = 0;
  for (const char* slug : {"chat-gateway", "old-a", "squat", "young-b", "young-c", "default"}) {
    ASSERT_OK(
        db.Query("INSERT INTO projects (id, slug, name, owner_team_id, created_by, "
                 "created_at, updated_at) VALUES ($1, $1, $1, 't', 'x', $2, $2)",
                 {std::string(slug), ++created}));
  }
  const std::vector<std::vector<std::string>> claims = {
      {"squat", "", "chat-gateway"},
      {"squat", "prod-kr", "chat-gateway"},
      {"squat", "prod-kr", "kube-system"},
      {"old-a", "prod-kr", "web"},
      {"young-b", "", "web"},
      {"young-c", "prod-jp", "web"},
      {"young-b", "", "api"},
      {"young-c", "prod-kr", "api"},
  };
  for (const auto& c : claims) {
    ASSERT_OK(
        db.Query("INSERT INTO project_namespaces (project_id, cluster, namespace) "
                 "VALUES ($1, $2, $3)",
                 {c[0], c[1], c[2]}));
  }
  ASSERT_OK(store::Migrate(db, store::AllMigrations()));

  auto kept = db.Query(
      "SELECT project_id || ' ' || cluster || ' ' || namespace AS c FROM project_namespaces "
      "WHERE is_default = 0 ORDER BY project_id, cluster, namespace");
  ASSERT_OK(kept);
  std::vector<std::string> got;
  for (const auto& r : kept->rows) got.push_back(r.Text("c"));
  EXPECT_EQ(got,
            (std::vector<std::string>{"old-a prod-kr web", "young-b  api", "young-c prod-jp web"}));
  auto defaults = db.Query(
      "SELECT COUNT(*) AS n FROM project_namespaces WHERE is_default = 1 "
      "AND cluster = '' AND namespace = project_id");
  ASSERT_OK(defaults);
  EXPECT_EQ(defaults->front().Int("n"), 5);  // every project but "default"
  auto removed = db.Query(
      "SELECT project_id || ' ' || cluster || ' ' || namespace || ': ' || reason AS c "
      "FROM namespace_claims_removed ORDER BY project_id, cluster, namespace");
  ASSERT_OK(removed);
  got.clear();
  for (const auto& r : removed->rows) got.push_back(r.Text("c"));
  EXPECT_EQ(got, (std::vector<std::string>{
                     "squat  chat-gateway: the default namespace of project chat-gateway",
                     "squat prod-kr chat-gateway: the default namespace of project chat-gateway",
                     "squat prod-kr kube-system: a reserved system namespace",
                     "young-b  web: also claimed by older project old-a",
                     "young-c prod-kr api: claimed on every cluster by project young-b",
                 }));
  // The rule holds from here on.
  EXPECT_FALSE(db.Query("INSERT INTO project_namespaces (project_id, cluster, namespace) "
                        "VALUES ('squat', 'prod-jp', 'api')")
                   .ok());
}

TEST(NamespaceRulesTest, SystemAndConfiguredNamespacesAreReserved) {
  auto rules = ParseNamespaceRules(
      json{{"catalog", {{"reserved_namespaces", {"monitoring", "openshift-*"}}}}});
  ASSERT_OK(rules);
  for (const char* ns :
       {"kube-system", "kube-public", "istio-system", "default", "monitoring", "openshift-dns"}) {
    EXPECT_TRUE(rules->IsReserved(ns)) << ns;
  }
  for (const char* ns : {"chat-gateway", "kubeflow", "monitoring-2", "defaults"}) {
    EXPECT_FALSE(rules->IsReserved(ns)) << ns;
  }
  EXPECT_TRUE(NamespaceRules().IsReserved("kube-system"));
  EXPECT_OK(ParseNamespaceRules(json::object()));
  for (const json& bad :
       {json{{"reserved_namespaces", "monitoring"}}, json{{"reserved_namespaces", {"Bad_Name"}}},
        json{{"reserved_namespaces", {7}}}}) {
    auto parsed = ParseNamespaceRules(json{{"catalog", bad}});
    EXPECT_CODE(parsed, kInvalidArgument);
    EXPECT_NE(parsed.status().message().find("catalog.reserved_namespaces"), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, NamespaceClaimsTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::catalog
