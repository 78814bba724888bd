// Owners of cost rows: tags first (a project tag counts that project's owner on the day), then
// catalog cloud resources and Paved resources by id, else unowned; Kubernetes rows through
// their namespace; a transfer in the middle of a month splits the month by day.
#include "cost/owners.h"

#include <map>
#include <set>
#include <tuple>

#include "cost/cost_views.h"
#include "cost/testing/cost_fixture.h"

namespace paved::cost {
namespace {

constexpr char kPavedCache[] = "arn:aws:elasticache:r:1:replicationgroup:paved-chat-cache";

class OwnersTest : public testing::CostFixture {
 protected:
  // Paved's resources: one cache of chat-gateway. Records each (account/id) asked about.
  static PavedResourceLookup PavedLookup(std::vector<std::string>& asked) {
    return [&asked](const std::vector<std::pair<std::string, std::string>>& wanted)
               -> absl::StatusOr<std::map<std::string, std::string>> {
      std::map<std::string, std::string> found;
      for (const auto& [account, id] : wanted) {
        asked.push_back(account + "/" + id);
        if (id == kPavedCache) found[id] = "chat-gateway";
      }
      return found;
    };
  }

  void AddCloudResources() {
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
  }
};

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
  AddCloudResources();
  std::vector<std::string> asked;
  OwnerResolver owners(db_.get(), PavedLookup(asked));
  auto bucket = owners.OfBillRow("2026-11-02", "1", "", "", "arn:aws:s3:::ads-bucket");
  ASSERT_OK(bucket);
  EXPECT_EQ(bucket->team, "ads");
  EXPECT_EQ(bucket->via, "cloud_resource");
  auto instance = owners.OfBillRow("2026-11-02", "1", "", "", "i-0chat");
  ASSERT_OK(instance);
  EXPECT_EQ(instance->team, "chat");
  EXPECT_EQ(instance->project, "chat-gateway");
  auto paved = owners.OfBillRow("2026-11-02", "1", "", "", kPavedCache);
  ASSERT_OK(paved);
  EXPECT_EQ(paved->team, "chat");
  EXPECT_EQ(paved->via, "paved_resource");
  auto stray = owners.OfBillRow("2026-11-02", "1", "", "", "i-0stray");
  ASSERT_OK(stray);
  EXPECT_EQ(stray->team, "");
  EXPECT_EQ(asked, (std::vector<std::string>{std::string("1/") + kPavedCache, "1/i-0stray"}));
}

// A view prefetches its keys' owners in a few reads; the answers are those of one row at a time.
TEST_P(OwnersTest, PrefetchedOwnersAreTheOwnersOfOneRowAtATime) {
  AddCloudResources();
  Transfer("chat-gateway", "ads", kNov15Noon);
  std::vector<std::string> asked_one, asked_many;
  OwnerResolver one(db_.get(), PavedLookup(asked_one));
  OwnerResolver many(db_.get(), PavedLookup(asked_many));
  std::set<std::pair<std::string, std::string>> ids = {
      {"1", "arn:aws:s3:::ads-bucket"}, {"1", "i-0chat"}, {"1", kPavedCache}, {"1", "i-0stray"}};
  ASSERT_OK(many.Prefetch({"chat-gateway", "no-such-project", ""}, ids));
  EXPECT_EQ(asked_many.size(), 2u);  // the two ids the catalog does not know, in one call
  for (const std::string day : {"2026-11-02", "2026-11-20"}) {
    for (const std::string tag : {"", "chat-gateway", "no-such-project"}) {
      for (const auto& [account, id] : ids) {
        for (const std::string team : {"", "ads", "old", "nobody"}) {
          auto a = one.OfBillRow(day, account, team, tag, id);
          auto b = many.OfBillRow(day, account, team, tag, id);
          ASSERT_OK(a);
          ASSERT_OK(b);
          EXPECT_EQ(std::tie(a->team, a->team_id, a->project, a->via),
                    std::tie(b->team, b->team_id, b->project, b->via))
              << day << " " << tag << " " << id << " " << team;
        }
        auto sa = one.SteadyOver("2026-11-01", "2026-11-30", account, tag, id);
        auto sb = many.SteadyOver("2026-11-01", "2026-11-30", account, tag, id);
        ASSERT_OK(sa);
        ASSERT_OK(sb);
        EXPECT_EQ(*sa, *sb) << tag << " " << id;
      }
    }
  }
  EXPECT_EQ(asked_many.size(), 2u);  // nothing asked again
  EXPECT_FALSE(*many.SteadyOver("2026-11-01", "2026-11-30", "1", "chat-gateway", ""));
  EXPECT_EQ(many.OfBillRow("2026-11-20", "1", "", "", "i-0chat")->team, "ads");
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
