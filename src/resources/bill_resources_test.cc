// Which Paved resources bill lines name: by Paved id, or by a piece a live resource of the same
// account journaled as created or imported (the cost view's owners of untagged lines).
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/status_macros.h"
#include "gtest/gtest.h"
#include "resources/resource_store.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::resources {
namespace {

constexpr char kAccount[] = "123456789012";

class BillResourcesTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto db = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(db);
    db_ = std::move(*db);
    store_ = std::make_unique<ResourceStore>(db_.get(), &clock_);
    catalog::TeamStore teams(db_.get(), &clock_);
    catalog::ProjectStore projects(db_.get(), &clock_);
    ASSERT_OK(db_->Transaction([&](store::Tx& tx) -> absl::Status {
      catalog::Team team{.slug = "chat", .name = "Chat"};
      RETURN_IF_ERROR(teams.Create(tx, team));
      for (const char* slug : {"gateway", "billing"}) {
        catalog::Project p{.slug = slug, .name = slug};
        p.owner_team_id = team.id;
        RETURN_IF_ERROR(projects.Create(tx, p));
        project_ids_[slug] = p.id;
      }
      return absl::OkStatus();
    }));
  }

  // A resource of `project` whose `saga` journaled `piece` with `event`.
  void Add(const std::string& id, const std::string& project, Status status,
           const std::string& piece, const std::string& saga = "create",
           const std::string& event = "done") {
    Resource r{.id = id,
               .project_id = project_ids_[project],
               .name = id,
               .kind = Kind::kRedis,
               .environment = "production",
               .account = kAccount,
               .provider = "aws",
               .status = status,
               .created_by = "dev"};
    ASSERT_OK(db_->Transaction([&](store::Tx& tx) -> absl::Status {
      RETURN_IF_ERROR(store_->Insert(tx, r));
      return store_->Append(
          tx, id, {.saga = saga, .step = "cluster", .event = event, .provider_id = piece});
    }));
  }

  FakeClock clock_;
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<ResourceStore> store_;
  std::map<std::string, std::string> project_ids_;
};

TEST_P(BillResourcesTest, ByPavedIdOrByAPieceOfALiveResourceOfTheSameAccount) {
  Add("res-cache", "gateway", Status::kReady, "paved-gateway-cache");
  Add("res-old", "billing", Status::kDeleted, "paved-billing-old");
  Add("res-imported", "billing", Status::kReady, "billing-table", "import");
  Add("res-half", "billing", Status::kFailed, "billing-half", "create", "started");
  const std::string arn = "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:";
  std::vector<std::pair<std::string, std::string>> wanted = {
      {kAccount, "res-old"},                          // by id, even deleted
      {kAccount, arn + "paved-gateway-cache"},        // by piece
      {"999999999999", arn + "paved-gateway-cache"},  // another account's namesake
      {kAccount, arn + "paved-billing-old"},          // piece of a deleted resource
      {kAccount, "arn:aws:dynamodb:eu-west-1:1:table/billing-table"},  // imported
      {kAccount, "billing-half"},                                      // never done
      {kAccount, "i-0stray"}};
  auto found = store_->ProjectIdsOfBillResources(wanted);
  ASSERT_OK(found);
  EXPECT_EQ(*found,
            (std::map<std::string, std::string>{
                {"res-old", project_ids_["billing"]},
                {arn + "paved-gateway-cache", project_ids_["gateway"]},
                {"arn:aws:dynamodb:eu-west-1:1:table/billing-table", project_ids_["billing"]}}));
  auto none = store_->ProjectIdsOfBillResources({});
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, BillResourcesTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::resources
