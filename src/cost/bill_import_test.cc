// Bill imports on both engines: the samples land as totals per owner tag with unowned kept, a
// restated billing period replaces the one before, a broken bill writes nothing, and bills of
// two billing accounts for one month stand side by side.
#include "cost/bill_import.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::cost {
namespace {

namespace fs = std::filesystem;

class BillImportTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto db = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(db);
    db_ = std::move(*db);
    costs_ = std::make_unique<CostStore>(db_.get());
    audit_ = std::make_unique<audit::AuditLog>(db_.get(), &clock_);
    deps_ = {.store = db_.get(), .costs = costs_.get(), .audit = audit_.get(), .clock = &clock_};
    dir_ = fs::temp_directory_path() / ("paved-import-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  std::map<std::string, std::string> Totals(const std::string& from = "2026-01-01",
                                            const std::string& to = "2026-12-31") {
    auto totals = costs_->TotalsByTeamTag(from, to);
    EXPECT_OK(totals);
    std::map<std::string, std::string> out;
    for (const auto& t : *totals) {
      out[t.team_tag.empty() ? "(unowned)" : t.team_tag] =
          FormatMoney(t.billed, 4) + "/" + FormatMoney(t.effective, 4);
    }
    return out;
  }

  FakeClock clock_{1796605200000};
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<CostStore> costs_;
  std::unique_ptr<audit::AuditLog> audit_;
  BillImportDeps deps_;
  fs::path dir_;
};

const char kCurHead[] =
    "bill/PayerAccountId,lineItem/UsageStartDate,lineItem/UsageAccountId,lineItem/UnblendedCost,"
    "resourceTags/user:team\n";

TEST_P(BillImportTest, TheSamplesLandPerOwnerWithUnownedKept) {
  auto cur = ImportBill(deps_, std::string(PAVED_SOURCE_DIR) + "/src/cost/testdata/cur-sample.csv",
                        "cur-sample.csv", "finance-bot");
  ASSERT_OK(cur);
  EXPECT_EQ(cur->format, "cur");
  EXPECT_EQ(cur->lines, 4);
  auto focus =
      ImportBill(deps_, std::string(PAVED_SOURCE_DIR) + "/src/cost/testdata/focus-sample.csv",
                 "focus-sample.csv", "finance-bot");
  ASSERT_OK(focus);
  EXPECT_EQ(Totals(), (std::map<std::string, std::string>{
                          {"(unowned)", "511.9750/7.6990"},  // 0.599 + 511.376; 0.599 + 7.10
                          {"ads", "0.0184/0.0184"},
                          {"chat-platform", "6.4750/6.4750"}}));
  auto imports = costs_->Imports();
  ASSERT_OK(imports);
  ASSERT_EQ(imports->size(), 2u);
  auto events = audit_->List({.subject = "bill:cur-sample.csv"});
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].action, "cost.import");
  EXPECT_EQ((*events)[0].actor, "finance-bot");
}

TEST_P(BillImportTest, ARestatedPeriodReplacesTheOneBeforeAndOtherAccountsStay) {
  std::string first = std::string(kCurHead) +
                      "P1,2026-11-01T00:00:00Z,1,10.0,chat\n"
                      "P1,2026-11-02T00:00:00Z,1,5.0,\n";
  ASSERT_OK(ImportBill(deps_, Write("nov.csv", first), "nov.csv", "a").status());
  std::string other = std::string(kCurHead) + "P2,2026-11-01T00:00:00Z,9,3.0,ads\n";
  ASSERT_OK(ImportBill(deps_, Write("other.csv", other), "other.csv", "a").status());
  std::string october = std::string(kCurHead) + "P1,2026-10-31T00:00:00Z,1,1.0,chat\n";
  ASSERT_OK(ImportBill(deps_, Write("oct.csv", october), "oct.csv", "a").status());
  // November restated: chat's cost changed, the untagged line went.
  std::string restated = std::string(kCurHead) + "P1,2026-11-01T00:00:00Z,1,12.5,chat\n";
  ASSERT_OK(ImportBill(deps_, Write("nov2.csv", restated), "nov2.csv", "a").status());
  EXPECT_EQ(
      Totals("2026-11-01", "2026-11-30"),
      (std::map<std::string, std::string>{{"ads", "3.0000/3.0000"}, {"chat", "12.5000/12.5000"}}));
  EXPECT_EQ(Totals("2026-10-01", "2026-10-31"),
            (std::map<std::string, std::string>{{"chat", "1.0000/1.0000"}}));
}

TEST_P(BillImportTest, ABrokenBillWritesNothing) {
  std::string good = std::string(kCurHead) + "P1,2026-11-01T00:00:00Z,1,10.0,chat\n";
  ASSERT_OK(ImportBill(deps_, Write("good.csv", good), "good.csv", "a").status());
  std::string broken = std::string(kCurHead) +
                       "P1,2026-11-01T00:00:00Z,1,99.0,chat\n"
                       "P1,2026-11-02T00:00:00Z,1,ten,chat\n";
  auto refused = ImportBill(deps_, Write("broken.csv", broken), "broken.csv", "a");
  EXPECT_CODE(refused, kInvalidArgument);
  EXPECT_NE(refused.status().message().find("broken.csv line 3, column lineItem/UnblendedCost"),
            std::string::npos)
      << refused.status();
  EXPECT_EQ(Totals(), (std::map<std::string, std::string>{{"chat", "10.0000/10.0000"}}));
  EXPECT_EQ(costs_->Imports()->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, BillImportTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::cost
