#include "deploy/platform/default_targets.h"

#include "deploy/platform/testing/platform_test_fixture.h"
#include "gmock/gmock.h"

namespace paved::deploy::platform {
namespace {

using testing::EngineParamName;
using testing::PlatformFixture;
using Names = std::vector<std::string>;

DefaultTargets Parsed(const std::string& json_text) {
  auto parsed = ParseDefaultTargets(nlohmann::json::parse(json_text));
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return parsed.value_or(DefaultTargets{});
}

class DefaultTargetsTest : public PlatformFixture {
 protected:
  // Creates project `slug` of team `team` with `defaults` as the create hook.
  std::string CreateProject(const DefaultTargets& defaults, const std::string& slug,
                            const std::string& team = "chat") {
    projects_->SetCreateHook(AssignDefaultTargets(platform_.get(), audit_.get(), defaults));
    catalog::Project p{.slug = slug, .name = slug, .created_by = "dev-chat"};
    p.owner_team_id = team_ids_[team];
    EXPECT_OK(InTx([&](store::Tx& tx) { return projects_->Create(tx, p); }));
    return p.id;
  }
  Names Targets(const std::string& project_id) {
    auto targets = platform_->Targets(project_id);
    EXPECT_OK(targets);
    Names out;
    for (const auto& c : targets.value_or(std::vector<Cluster>{})) out.push_back(c.name);
    return out;
  }
  void AddCluster(const std::string& name, const std::string& env, Names teams = {}) {
    ASSERT_OK(InTx([&](store::Tx& tx) {
      return platform_->PutCluster(tx, {.name = name,
                                        .region = "eu-west-1",
                                        .environment = env,
                                        .runtime = "kubernetes",
                                        .teams = teams});
    }));
  }
};

TEST_P(DefaultTargetsTest, WithoutTheSectionANewProjectTargetsEveryLocalCluster) {
  AddCluster("eu-alpha", "alpha");  // not local: not a default
  std::string id = CreateProject(Parsed("{}"), "shop");
  EXPECT_EQ(Targets(id), (Names{"local-alpha", "local-production"}));
  const audit::Event last = Events().front();
  EXPECT_EQ(last.action, "project.targets");
  EXPECT_EQ(last.actor, "dev-chat");
  EXPECT_EQ(last.subject, "project:shop");
  EXPECT_EQ(last.summary["to"], nlohmann::json(Names{"local-alpha", "local-production"}))
      << last.summary.dump();
  EXPECT_EQ(last.summary["default"], true);
}

TEST_P(DefaultTargetsTest, ConfiguredDefaultsTakeOnlyListedClustersThatFit) {
  AddCluster("eu-alpha", "alpha");
  AddCluster("ads-only", "alpha", {"ads"});  // refuses team chat
  DefaultTargets defaults = Parsed(R"({"default_targets": {
      "alpha": ["eu-alpha", "ads-only", "removed-since"],
      "production": ["eu-alpha"]}})");       // eu-alpha is not in production
  EXPECT_EQ(Targets(CreateProject(defaults, "shop")), (Names{"eu-alpha"}));
  EXPECT_EQ(Targets(CreateProject(defaults, "ads-shop", "ads")), (Names{"ads-only", "eu-alpha"}));
}

TEST_P(DefaultTargetsTest, AnEmptyMappingGivesNoTargetsAndNoEvent) {
  size_t before = Events().size();
  EXPECT_TRUE(Targets(CreateProject(Parsed(R"({"default_targets": {}})"), "shop")).empty());
  EXPECT_EQ(Events().size(), before);
}

TEST(DefaultTargetsConfigTest, RefusesWhatIsNotAMappingOfClusterLists) {
  for (const char* bad :
       {R"({"default_targets": ["local-alpha"]})",
        R"({"default_targets": {"alpha": "local-alpha"}})",
        R"({"default_targets": {"alpha": [3]}})", R"({"default_targets": {"Alpha!": []}})"}) {
    auto parsed = ParseDefaultTargets(nlohmann::json::parse(bad));
    SCOPED_TRACE(bad);
    EXPECT_CODE(parsed, kInvalidArgument);
    EXPECT_THAT(std::string(parsed.status().message()), ::testing::HasSubstr("default_targets"));
  }
  auto absent = ParseDefaultTargets(nullptr);
  ASSERT_OK(absent);
  EXPECT_FALSE(absent->by_environment.has_value());
}

INSTANTIATE_TEST_SUITE_P(Engines, DefaultTargetsTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::deploy::platform
