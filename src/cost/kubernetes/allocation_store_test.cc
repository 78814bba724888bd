#include "cost/kubernetes/allocation_store.h"

#include "core/status_macros.h"
#include "cost/cost_store.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::cost::kubernetes {
namespace {

class AllocationStoreTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto db = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(db);
    db_ = std::move(*db);
    store_ = std::make_unique<AllocationStore>(db_.get());
  }

  DayAllocation Day(int64_t nanos) {
    return {.rows = {{.namespace_name = "",
                      .kind = "idle",
                      .cpu_core_hours = 1.5,
                      .ram_gib_hours = 2.25,
                      .cpu = Money{nanos},
                      .ram = Money{1},
                      .total = Money{nanos + 1}},
                     {.namespace_name = "kube-system",
                      .kind = "shared",
                      .team_id = "t1",
                      .cpu = Money{nanos},
                      .total = Money{nanos}}},
            .nodes = {{.node = "n1",
                       .instance_id = "i-01",
                       .cost = Money{2 * nanos + 1},
                       .price_source = "bill"}}};
  }

  std::unique_ptr<store::Store> db_;
  std::unique_ptr<AllocationStore> store_;
};

TEST_P(AllocationStoreTest, RerunningADayReplacesItAndLeavesOtherDaysAlone) {
  ASSERT_OK(db_->Transaction([&](store::Tx& tx) {
    RETURN_IF_ERROR(store_->Replace(tx, "prod", "2026-11-01", Day(100)));
    RETURN_IF_ERROR(store_->Replace(tx, "prod", "2026-11-02", Day(200)));
    // Allocated while it was going: not done yet.
    RETURN_IF_ERROR(store_->Replace(tx, "prod", "2026-11-03", Day(200), 13));
    return store_->Replace(tx, "dev", "2026-11-01", Day(300));
  }));
  DayAllocation again = Day(400);
  again.rows.pop_back();
  ASSERT_OK(db_->Transaction(
      [&](store::Tx& tx) { return store_->Replace(tx, "prod", "2026-11-01", again); }));

  auto rows = store_->Rows("2026-11-01", "prod");
  ASSERT_OK(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].row.kind, "idle");
  EXPECT_EQ((*rows)[0].row.total.nanos, 401);
  EXPECT_DOUBLE_EQ((*rows)[0].row.cpu_core_hours, 1.5);
  EXPECT_DOUBLE_EQ((*rows)[0].row.ram_gib_hours, 2.25);
  auto all = store_->Rows("2026-11-01", "");
  ASSERT_OK(all);
  EXPECT_EQ(all->size(), 3u);  // dev's two rows and prod's one
  auto nodes = store_->Nodes("2026-11-01", "prod");
  ASSERT_OK(nodes);
  ASSERT_EQ(nodes->size(), 1u);
  EXPECT_EQ((*nodes)[0].node.cost.nanos, 801);
  EXPECT_EQ((*nodes)[0].node.price_source, "bill");
  auto days = store_->AllocatedDays("prod", "2026-10-01", "2026-11-30");
  ASSERT_OK(days);
  EXPECT_EQ(*days, (std::set<std::string>{"2026-11-01", "2026-11-02"}));
}

TEST_P(AllocationStoreTest, AnInstancesCostIsItsTaggedBillLinesOfThatDay) {
  CostStore costs(db_.get());
  auto row = [](const std::string& day, const std::string& resource, const std::string& team,
                int64_t nanos) {
    return RollupRow{.billing_period = "2026-11",
                     .day = day,
                     .account = "1",
                     .service = "AmazonEC2",
                     .team_tag = team,
                     .resource_id = resource,
                     .billed = Money{nanos},
                     .effective = Money{nanos},
                     .lines = 1};
  };
  BillImport import{
      .id = "imp1", .source = "bill.csv", .format = "focus", .periods = {{"", "2026-11"}}};
  ASSERT_OK(db_->Transaction([&](store::Tx& tx) {
    return costs.Replace(tx, import,
                         {row("2026-11-01", "i-01", "infra", 1000),
                          row("2026-11-01", "i-01", "", 20), row("2026-11-02", "i-01", "", 5),
                          row("2026-11-01", "i-02", "", 7), row("2026-11-01", "", "infra", 9)});
  }));
  auto costs_of = store_->InstanceCosts("2026-11-01", {"i-01", "i-03"});
  ASSERT_OK(costs_of);
  EXPECT_EQ(*costs_of, (std::map<std::string, Money>{{"i-01", Money{1020}}}));
}

INSTANTIATE_TEST_SUITE_P(Engines, AllocationStoreTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::cost::kubernetes
