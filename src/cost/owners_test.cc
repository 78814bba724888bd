// Owners of cost rows: tags first (a project tag counts that project's owner on the day), then
// catalog cloud resources and Paved resources by id, else unowned; Kubernetes rows through
// their namespace; a transfer in the middle of a month splits the month by day.
#include "cost/owners.h"

#include "cost/cost_views.h"
#include "cost/testing/cost_fixture.h"

namespace paved::cost {
namespace {

class OwnersTest : public testing::CostFixture {};

constexpr int64_t kNov15Noon = 1794744000000;  // 2026-11-15T12:00:00Z

TEST_P(OwnersTest, TagsNameTheOwnerAndAProjectTagCountsItsOwnerOfTheDay) {
  OwnerResolver owners(db_.get());
  auto by_team = owners.OfBillRow("2026-11-02", "1", "ads", "", "");
  ASSERT_OK(by_team);
  EXPECT_EQ(by_team->team, "ads");
  EXPECT_EQ(by_team->team_id, team_ids_["ads"]);
  EXPECT_EQ(by_team->via, "team_tag");
  // The project's owner beats a team tag that says otherwise.
  auto by_project = owners.OfBillRow("2026-11-02", "1", "ads", "chat-gateway", "");
  ASSERT_OK(by_project);
  EXPECT_EQ(by_project->team, "chat");
  EXPECT_EQ(by_project->project, "chat-gateway");
  // A dissolved team keeps its cost; a tag naming no team is unowned.
  EXPECT_EQ(owners.OfBillRow("2026-11-02", "1", "old", "", "")->team, "old");
  auto unknown = owners.OfBillRow("2026-11-02", "1", "nobody", "no-such-project", "");
  ASSERT_OK(unknown);
  EXPECT_EQ(unknown->team, "");
  EXPECT_EQ(unknown->via, "none");
}

TEST_P(OwnersTest, ATransferSplitsTheDaysBetweenOldAndNewOwner) {
  Transfer("chat-gateway", "ads", kNov15Noon);
  OwnerResolver owners(db_.get());
  EXPECT_EQ(owners.OfProject("chat-gateway", "2026-11-15")->team, "chat");
  EXPECT_EQ(owners.OfProject("chat-gateway", "2026-11-16")->team, "ads");
  EXPECT_EQ(owners.OfProject("chat-gateway", "2026-10-01")->team, "chat");
  // Through the view: a dollar a day for November, half the month each.
  PutBill("2026-11", testing::NovemberDays(1, 30, 1, "chat", "chat-gateway"));
  CostQuery q{
      .from = "2026-11-01", .to = "2026-11-30", .today = "2026-12-07", .group_by = {"team"}};
  auto view = CostView(*costs_, owners, q);
  ASSERT_OK(view);
  std::map<std::string, int64_t> by_team;
  for (const auto& g : (*view)["groups"]) {
    by_team[g["keys"]["team"].get<std::string>()] = g["effective_nanos"].get<int64_t>();
  }
  EXPECT_EQ(by_team, (std::map<std::string, int64_t>{{"chat", testing::Dollars(15).nanos},
                                                     {"ads", testing::Dollars(15).nanos}}));
}

TEST_P(OwnersTest, UntaggedRowsAreOwnedThroughCloudResourcesAndPavedResources) {
  catalog::CloudResourceStore resources(db_.get(), &clock_);
  ASSERT_OK(db_->Transaction([&](store::Tx& tx) -> absl::Status {
    if (auto s = resources.Upsert(tx, {.id = "arn:aws:s3:::ads-bucket",
                                       .provider = "aws",
                                       .owner_team_id = team_ids_["ads"],
                                       .source = "api"});
        !s.ok()) {
      return s;
    }
    auto p = projects_->FindBySlugTx(tx, "chat-gateway");
    return resources.Upsert(
        tx, {.id = "i-0chat", .provider = "aws", .project_id = (*p)->id, .source = "api"});
  }));
  std::vector<std::string> asked;
  OwnerResolver owners(db_.get(),
                       [&](const std::string& account,
                           const std::string& id) -> absl::StatusOr<std::optional<std::string>> {
                         asked.push_back(account + "/" + id);
                         if (id == "arn:aws:elasticache:r:1:replicationgroup:paved-chat-cache") {
                           return std::optional<std::string>("chat-gateway");
                         }
                         return std::nullopt;
                       });
  auto bucket = owners.OfBillRow("2026-11-02", "1", "", "", "arn:aws:s3:::ads-bucket");
  ASSERT_OK(bucket);
  EXPECT_EQ(bucket->team, "ads");
  EXPECT_EQ(bucket->via, "cloud_resource");
  auto instance = owners.OfBillRow("2026-11-02", "1", "", "", "i-0chat");
  ASSERT_OK(instance);
  EXPECT_EQ(instance->team, "chat");
  EXPECT_EQ(instance->project, "chat-gateway");
  auto paved = owners.OfBillRow("2026-11-02", "1", "", "",
                                "arn:aws:elasticache:r:1:replicationgroup:paved-chat-cache");
  ASSERT_OK(paved);
  EXPECT_EQ(paved->team, "chat");
  EXPECT_EQ(paved->via, "paved_resource");
  auto stray = owners.OfBillRow("2026-11-02", "1", "", "", "i-0stray");
  ASSERT_OK(stray);
  EXPECT_EQ(stray->team, "");
  EXPECT_EQ(asked,
            (std::vector<std::string>{"1/arn:aws:elasticache:r:1:replicationgroup:paved-chat-cache",
                                      "1/i-0stray"}));
}

TEST_P(OwnersTest, KubernetesRowsAreOwnedThroughTheirNamespaceOrTheirTeam) {
  Transfer("chat-gateway", "ads", kNov15Noon);
  OwnerResolver owners(db_.get());
  auto before = owners.OfAllocation("2026-11-10", "k1", "chat-gateway", "");
  ASSERT_OK(before);
  EXPECT_EQ(before->team, "chat");
  EXPECT_EQ(before->via, "namespace");
  EXPECT_EQ(owners.OfAllocation("2026-11-20", "k1", "chat-gateway", "")->team, "ads");
  EXPECT_EQ(owners.OfAllocation("2026-11-20", "k1", "kube-system", team_ids_["old"])->team, "old");
  EXPECT_EQ(owners.OfAllocation("2026-11-20", "k1", "", "")->team, "");  // idle
  EXPECT_EQ(owners.OfAllocation("2026-11-20", "k1", "unknown-ns", "")->team, "");
}

INSTANTIATE_TEST_SUITE_P(Engines, OwnersTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::cost
