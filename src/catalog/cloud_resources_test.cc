#include "catalog/cloud_resources.h"

#include "catalog/testing/resource_test_fixture.h"

namespace paved::catalog {
namespace {

using testing::ResourceFixture;

class CloudResourceStoreTest : public ResourceFixture {
 protected:
  CloudResource Make(const std::string& id, const std::string& team = "",
                     const std::string& project_id = "") {
    CloudResource r;
    r.id = id;
    r.provider = "aws";
    r.account = "123456789012";
    r.region = "us-east-1";
    r.type = "s3";
    r.name = id;
    r.tags = {{"team", team}};
    r.owner_team_id = team.empty() ? "" : team_ids_[team];
    r.project_id = project_id;
    r.source = "aws-scan";
    return r;
  }
  absl::Status Upsert(const CloudResource& r) {
    return store_->Transaction([&](store::Tx& tx) { return resources_->Upsert(tx, r); });
  }
  std::vector<std::string> Ids(const CloudResourceQuery& q) {
    std::vector<std::string> out;
    auto list = resources_->List(q);
    EXPECT_OK(list);
    if (list.ok()) {
      for (const auto& r : *list) out.push_back(r.id);
    }
    return out;
  }
};

TEST_P(CloudResourceStoreTest, UpsertKeepsFirstSeenAndReplacesTheRest) {
  ASSERT_OK(Upsert(Make("arn:aws:s3:::a", "chat")));
  int64_t first = clock_.NowMs();
  clock_.AdvanceMs(60'000);
  CloudResource changed = Make("arn:aws:s3:::a", "ads");
  changed.tags = {{"team", "ads"}, {"env", "prod"}};
  ASSERT_OK(Upsert(changed));
  auto got = resources_->Find("arn:aws:s3:::a");
  ASSERT_OK(got);
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->first_seen_ms, first);
  EXPECT_EQ((*got)->last_seen_ms, first + 60'000);
  EXPECT_EQ((*got)->owner_team, "ads");
  EXPECT_EQ((*got)->owner_status, "active");
  EXPECT_EQ((*got)->tags["env"], "prod");
  EXPECT_EQ((*got)->OrphanReason(), "");
  nlohmann::json j = CloudResourceToJson(**got);
  EXPECT_EQ(j["owner_team"], "ads");
  EXPECT_EQ(j["orphaned"], false);
  EXPECT_TRUE(j["project"].is_null());
}

TEST_P(CloudResourceStoreTest, ListFiltersByOwnerProjectAndOrphansAndPages) {
  auto project = projects_->FindBySlug("chat-gateway");
  ASSERT_OK(project);
  ASSERT_OK(Upsert(Make("arn:1", "chat", (*project)->id)));
  ASSERT_OK(Upsert(Make("arn:2", "chat")));
  ASSERT_OK(Upsert(Make("arn:3", "ads")));
  ASSERT_OK(Upsert(Make("arn:4")));         // nobody
  ASSERT_OK(Upsert(Make("arn:5", "old")));  // dissolved owner
  EXPECT_EQ(Ids({.owner_slug = "chat"}), (std::vector<std::string>{"arn:1", "arn:2"}));
  EXPECT_EQ(Ids({.project_slug = "chat-gateway"}), (std::vector<std::string>{"arn:1"}));
  EXPECT_EQ(Ids({.orphaned_only = true}), (std::vector<std::string>{"arn:4", "arn:5"}));
  EXPECT_EQ(Ids({.after_id = "arn:2", .limit = 2}), (std::vector<std::string>{"arn:3", "arn:4"}));
  auto dissolved = resources_->Find("arn:5");
  ASSERT_OK(dissolved);
  EXPECT_EQ((*dissolved)->OrphanReason(), "owner team old is dissolved");
  auto project_row = resources_->Find("arn:1");
  ASSERT_OK(project_row);
  EXPECT_EQ((*project_row)->project, "chat-gateway");
}

TEST_P(CloudResourceStoreTest, SetOwnerChangesOwnerAndRejectsUnknownIds) {
  ASSERT_OK(Upsert(Make("arn:x")));
  ASSERT_OK(store_->Transaction(
      [&](store::Tx& tx) { return resources_->SetOwner(tx, "arn:x", team_ids_["ads"], ""); }));
  auto got = resources_->Find("arn:x");
  ASSERT_OK(got);
  EXPECT_EQ((*got)->owner_team, "ads");
  EXPECT_CODE(store_->Transaction([&](store::Tx& tx) {
    return resources_->SetOwner(tx, "arn:missing", team_ids_["ads"], "");
  }),
              kNotFound);
  auto none = resources_->Find("arn:missing");
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
}

INSTANTIATE_TEST_SUITE_P(Engines, CloudResourceStoreTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         testing::EngineParamName);

}  // namespace
}  // namespace paved::catalog
