#include "cost/rollup.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

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
    absl::StrAppend(&text, "2026-11-0", 1 + i % 4, "T00:00:00Z,1,EBS,vol-", i % 10, ",0.", i % 1000,
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
  // or 15, so each day has one of vol-0 and vol-5.
  EXPECT_EQ(rollup->Rows().size(), 4u * 3 + 4);
}

TEST(RollupTest, TaggedEc2InstancesKeepTheirIdSoANodesCostCanBeFound) {
  fs::path path =
      fs::temp_directory_path() / ("paved-rollup-ec2-" + std::to_string(getpid()) + ".csv");
  std::ofstream(path)
      << "ChargePeriodStart,SubAccountId,ServiceName,ResourceId,BilledCost,EffectiveCost,Tags\n"
         "2026-11-01T00:00:00Z,1,EC2,i-0node1,0.5,0.5,\"{\"\"user:team\"\":\"\"infra\"\"}\"\n"
         "2026-11-01T01:00:00Z,1,EC2,i-0node1,0.5,0.5,\"{\"\"user:team\"\":\"\"infra\"\"}\"\n"
         "2026-11-01T00:00:00Z,1,EC2,i-0node2,0.25,0.25,\"{\"\"user:team\"\":\"\"infra\"\"}\"\n"
         "2026-11-01T00:00:00Z,1,S3,arn:aws:s3:::logs,0.1,0.1,\"{\"\"user:team\"\":\"\"infra\"\"}"
         "\"\n"
         "2026-11-01T00:00:00Z,1,S3,arn:aws:s3:::logs2,0.1,0.1,\"{\"\"user:team\"\":\"\"infra\"\"}"
         "\"\n";
  auto rollup = RollUpBill(path.string(), OwnerTagKeys{});
  fs::remove(path);
  ASSERT_OK(rollup);
  std::map<std::string, RollupRow> by_resource;
  for (const RollupRow& r : rollup->Rows()) by_resource[r.resource_id] = r;
  ASSERT_EQ(by_resource.size(), 3u);
  EXPECT_EQ(by_resource["i-0node1"].team_tag, "infra");
  EXPECT_EQ(by_resource["i-0node1"].effective, *ParseMoney("1"));
  EXPECT_EQ(by_resource["i-0node1"].lines, 2);
  EXPECT_EQ(by_resource["i-0node2"].effective, *ParseMoney("0.25"));
  // Other tagged lines are still summed per owner without their resource.
  EXPECT_EQ(by_resource[""].effective, *ParseMoney("0.2"));
  EXPECT_EQ(by_resource[""].lines, 2);
}

TEST(RollupTest, OnlyAnInstanceIdCountsAsAnInstance) {
  EXPECT_TRUE(IsEc2InstanceId("i-0abc"));
  EXPECT_FALSE(IsEc2InstanceId("i-"));
  EXPECT_FALSE(IsEc2InstanceId("arn:aws:ec2:eu-west-1:1:instance/i-0abc"));
  EXPECT_FALSE(IsEc2InstanceId("vol-0abc"));
}

// A large bill is read by several threads in parts; the rows must be those one thread reads, also
// when a part would start inside a quoted field that holds line breaks, and a broken line must be
// named with its line in the whole file.
class PartsTest : public ::testing::Test {
 protected:
  void TearDown() override { fs::remove(path_); }
  std::string Write(const std::string& text) {
    std::ofstream(path_, std::ios::binary) << text;
    return path_.string();
  }
  static std::string Rows(const Rollup& r) {
    std::string out;
    for (const RollupRow& row : r.Rows()) {
      absl::StrAppend(&out, row.day, "|", row.team_tag, "|", row.resource_id, "|",
                      FormatMoney(row.billed, 4), "|", row.lines, "\n");
    }
    return out;
  }
  // The bill read by one thread and by `threads` in parts of at least 1 KiB.
  void ExpectSameInParts(const std::string& path, int threads) {
    auto one = RollUpBill(path, OwnerTagKeys{}, nullptr, {.threads = 1});
    ASSERT_OK(one);
    auto many =
        RollUpBill(path, OwnerTagKeys{}, nullptr, {.threads = threads, .min_part_bytes = 1024});
    ASSERT_OK(many);
    EXPECT_EQ(many->lines(), one->lines());
    EXPECT_EQ(many->billed(), one->billed());
    EXPECT_EQ(Rows(*many), Rows(*one));
    EXPECT_GT(one->lines(), 0);
  }

  fs::path path_ = fs::temp_directory_path() / ("paved-parts-" + std::to_string(getpid()) + ".csv");
};

std::string FocusBill(int lines, const std::string& note_every_7th) {
  std::string text =
      "ChargePeriodStart,SubAccountId,ServiceName,ResourceId,BilledCost,"
      "EffectiveCost,Tags,x_Note\n";
  for (int i = 0; i < lines; ++i) {
    std::string tags =
        i % 5 == 0 ? "{}" : absl::StrCat("\"{\"\"user:team\"\":\"\"t", i % 3, "\"\"}\"");
    absl::StrAppend(&text, "2026-11-0", 1 + i % 4, "T00:00:00Z,1,EC2,i-", i % 10, ",0.", i % 1000,
                    ",0.1,", tags, ",", i % 7 == 0 ? note_every_7th : "plain", "\n");
  }
  return text;
}

TEST_F(PartsTest, PartsGiveTheRowsOneThreadGives) {
  std::string path = Write(FocusBill(20'000, "n"));
  for (int threads : {2, 3, 8}) ExpectSameInParts(path, threads);
}

TEST_F(PartsTest, APartStartingInsideAQuotedLineBreakIsReadAgainByOneThread) {
  // Every 7th line has a quoted note with many line breaks: most part boundaries fall inside one.
  std::string path = Write(FocusBill(3'000, "\"a\n,b\n\n" + std::string(600, '\n') + "c\""));
  for (int threads : {2, 5}) ExpectSameInParts(path, threads);
}

TEST_F(PartsTest, ABrokenLineInALaterPartIsNamedWithItsLineInTheFile) {
  std::string text = FocusBill(20'000, "n");
  size_t at = text.size() * 3 / 4;
  at = text.find('\n', at) + 1;
  int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  text.replace(at, text.find('\n', at) - at, "2026-11-01T00:00:00Z,1,EC2,i-1,12x,0.1,{},plain");
  std::string path = Write(text);
  auto many = RollUpBill(path, OwnerTagKeys{}, nullptr, {.threads = 4, .min_part_bytes = 1024});
  EXPECT_CODE(many, kInvalidArgument);
  EXPECT_NE(many.status().message().find(absl::StrCat(" line ", line, ", column BilledCost")),
            std::string::npos)
      << many.status() << " expected line " << line;
}

}  // namespace
}  // namespace paved::cost
