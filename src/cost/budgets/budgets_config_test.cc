// The `cost.budgets:` block, and the interim spend of bill lines tagged with the team's slug.
#include "cost/budgets/budgets_config.h"

#include "catalog/teams.h"
#include "core/clock.h"
#include "core/error.h"
#include "cost/budgets/cost_spend.h"
#include "cost/cost_store.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::cost::budgets {
namespace {

using nlohmann::json;

TEST(BudgetsConfigTest, DefaultsAndValues) {
  auto none = ParseBudgetsConfig(json{{"listen", "x"}});
  ASSERT_OK(none);
  EXPECT_EQ(none->check_every_ms, 3'600'000);
  EXPECT_TRUE(none->gate);
  auto set =
      ParseBudgetsConfig(json{{"cost", {{"budgets", {{"check_every", "15m"}, {"gate", false}}}}}});
  ASSERT_OK(set);
  EXPECT_EQ(set->check_every_ms, 900'000);
  EXPECT_FALSE(set->gate);
}

TEST(BudgetsConfigTest, MistakesNameTheirKey) {
  EXPECT_EQ(
      ErrorField(
          ParseBudgetsConfig(json{{"cost", {{"budgets", {{"check_every", "30s"}}}}}}).status()),
      "cost.budgets.check_every");
  EXPECT_EQ(
      ErrorField(ParseBudgetsConfig(json{{"cost", {{"budgets", {{"gate", "yes"}}}}}}).status()),
      "cost.budgets.gate");
  EXPECT_EQ(ErrorField(ParseBudgetsConfig(json{{"cost", {{"budgets", {{"prices", 1}}}}}}).status()),
            "cost.budgets.prices");
}

// Budgets count spend as the Cost views do: owners through tags and the catalog.
TEST(CostSpendTest, ActualSoFarAndForecastFromTheLastWeek) {
  auto db = test_support::NewMigratedStore(store::Engine::kSqlite);
  ASSERT_OK(db);
  FakeClock clock;
  catalog::TeamStore teams(db->get(), &clock);
  catalog::Team chat{.slug = "chat", .name = "Chat"};
  CostStore costs(db->get());
  std::vector<RollupRow> rows;
  // 10 USD a day on Nov 30 and Dec 1-7 for chat; another team's line on Dec 3.
  for (const char* day : {"2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04",
                          "2026-12-05", "2026-12-06", "2026-12-07"}) {
    rows.push_back({.billing_period = std::string(day).substr(0, 7),
                    .day = day,
                    .team_tag = "chat",
                    .billed = Money{10'000'000'000},
                    .effective = Money{10'000'000'000}});
  }
  rows.push_back({.billing_period = "2026-12",
                  .day = "2026-12-03",
                  .team_tag = "ads",
                  .billed = Money{99'000'000'000},
                  .effective = Money{99'000'000'000}});
  BillImport import{.id = "i1",
                    .source = "x.csv",
                    .format = "cur",
                    .periods = {{"", "2026-11"}, {"", "2026-12"}}};
  ASSERT_OK((*db)->Transaction([&](store::Tx& tx) -> absl::Status {
    if (absl::Status s = teams.Create(tx, chat); !s.ok()) return s;
    return costs.Replace(tx, import, rows);
  }));
  CostSpend spend(db->get(), nullptr);
  auto dec = spend.Spend(chat.id, "2026-12", "2026-12-07");
  ASSERT_OK(dec);
  EXPECT_EQ(dec->actual.nanos, 70'000'000'000);                          // Dec 1-7
  EXPECT_EQ(dec->forecast.nanos, 70'000'000'000 + 24 * 10'000'000'000);  // 24 days left
  auto nov = spend.Spend(chat.id, "2026-11", "2026-12-07");  // a past month: no days left
  ASSERT_OK(nov);
  EXPECT_EQ(nov->actual.nanos, 10'000'000'000);
  EXPECT_EQ(nov->forecast.nanos, 10'000'000'000);
  auto jan = spend.Spend(chat.id, "2027-01", "2026-12-07");  // a later month: the mean × its days
  ASSERT_OK(jan);
  EXPECT_EQ(jan->actual.nanos, 0);
  EXPECT_EQ(jan->forecast.nanos, 31 * 10'000'000'000);
}

}  // namespace
}  // namespace paved::cost::budgets
