#include "cost/rollup.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::cost {
namespace {

namespace fs = std::filesystem;

TEST(RollupTest, TheCurSampleKeepsResourceIdsOnlyWhereAnOwnerIsMissing) {
  auto rollup = RollUpBill(std::string(PAVED_SOURCE_DIR) + "/src/cost/testdata/cur-sample.csv",
                           OwnerTagKeys{});
  ASSERT_OK(rollup);
  std::vector<RollupRow> rows = rollup->Rows();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rollup->Periods(), (std::set<std::pair<std::string, std::string>>{{"", "2026-10"}}));
  int untagged = 0;
  for (const RollupRow& r : rows) {
    if (r.team_tag.empty()) {
      ++untagged;
      EXPECT_TRUE(r.resource_id == "i-0a1" || r.resource_id == "i-0b1") << r.resource_id;
    } else {
      EXPECT_EQ(r.resource_id, "");
    }
  }
  EXPECT_EQ(untagged, 2);
  EXPECT_EQ(rollup->billed(), *ParseMoney("0.8764"));
}

TEST(RollupTest, LinesOfOneOwnerAndDayBecomeOneRowAndNothingIsLost) {
  fs::path path = fs::temp_directory_path() / ("paved-rollup-" + std::to_string(getpid()) + ".csv");
  std::string text =
      "ChargePeriodStart,SubAccountId,ServiceName,ResourceId,BilledCost,EffectiveCost,Tags\n";
  Money total;
  for (int i = 0; i < 10'000; ++i) {
    std::string tags =
        i % 5 == 0 ? "{}" : absl::StrCat("\"{\"\"user:team\"\":\"\"t", i % 3, "\"\"}\"");
    absl::StrAppend(&text, "2026-11-0", 1 + i % 4, "T00:00:00Z,1,EC2,i-", i % 10, ",0.", i % 1000,
                    ",0.1,", tags, "\n");
    total += *ParseMoney(absl::StrCat("0.", i % 1000));
  }
  std::ofstream(path) << text;
  auto rollup = RollUpBill(path.string(), OwnerTagKeys{});
  fs::remove(path);
  ASSERT_OK(rollup);
  EXPECT_EQ(rollup->lines(), 10'000);
  EXPECT_EQ(rollup->billed(), total);
  Money sum;
  int64_t lines = 0;
  for (const RollupRow& r : rollup->Rows()) {
    sum += r.billed;
    lines += r.lines;
  }
  EXPECT_EQ(sum, total);
  EXPECT_EQ(lines, 10'000);
  // 4 days × 3 teams, plus the untagged (i % 5 == 0) by day and resource: i % 20 is 0, 5, 10
  // or 15, so each day has one of i-0 and i-5.
  EXPECT_EQ(rollup->Rows().size(), 4u * 3 + 4);
}

}  // namespace
}  // namespace paved::cost
