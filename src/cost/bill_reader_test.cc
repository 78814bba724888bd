// Bills of each format read line by line: the samples, generated CUR 2.0 bills (tags flattened,
// as JSON and as Athena's map text; gzip), totals per owner against Python's csv and decimal
// modules, and broken files refused with their line and column.
#include "cost/bill_reader.h"

#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::cost {
namespace {

namespace fs = std::filesystem;

std::string Sample(const std::string& name) {
  return std::string(PAVED_SOURCE_DIR) + "/src/cost/testdata/" + name;
}

struct Totals {
  std::map<std::string, Money> billed, effective;  // by "team/project", "" for unowned
  std::vector<std::string> days, periods, services;
  BillFormat format;
  int64_t lines = 0;
};

absl::StatusOr<Totals> ReadAll(const std::string& path, OwnerTagKeys keys = {}) {
  auto reader = BillReader::Open(path, keys);
  if (!reader.ok()) return reader.status();
  Totals t;
  t.format = (*reader)->format();
  BillLine line;
  while (true) {
    auto more = (*reader)->Next(line);
    if (!more.ok()) return more.status();
    if (!*more) break;
    std::string owner =
        line.team.empty() ? "" : std::string(line.team) + "/" + std::string(line.project);
    t.billed[owner] += line.billed;
    t.effective[owner] += line.effective;
    t.days.emplace_back(line.day);
    t.periods.emplace_back(line.billing_period);
    t.services.emplace_back(line.service);
    ++t.lines;
  }
  return t;
}

class BillReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("paved-bills-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    if (name.ends_with(".gz")) {
      gzFile out = gzopen(path.c_str(), "wb");
      gzwrite(out, text.data(), static_cast<unsigned>(text.size()));
      gzclose(out);
    } else {
      std::ofstream(path, std::ios::binary) << text;
    }
    return path;
  }
  fs::path dir_;
};

TEST_F(BillReaderTest, TheCurSampleKeepsItsUntaggedLinesAsUnowned) {
  auto t = ReadAll(Sample("cur-sample.csv"));
  ASSERT_OK(t);
  EXPECT_EQ(t->format, BillFormat::kCurLegacy);
  EXPECT_EQ(t->lines, 4);
  EXPECT_EQ(t->billed["chat-platform/chat-gateway"], *ParseMoney("0.259"));
  EXPECT_EQ(t->billed["ads/ads-landing"], *ParseMoney("0.0184"));
  EXPECT_EQ(t->billed[""], *ParseMoney("0.599"));  // 0.125 + 0.474, untagged
  EXPECT_EQ(t->days.front(), "2026-10-01");
  EXPECT_EQ(t->periods.front(), "2026-10");
  EXPECT_EQ(t->services.front(), "Amazon ElastiCache");
}

TEST_F(BillReaderTest, TheFocusSampleKeepsBilledAndEffectiveApart) {
  auto t = ReadAll(Sample("focus-sample.csv"));
  ASSERT_OK(t);
  EXPECT_EQ(t->format, BillFormat::kFocus);
  EXPECT_EQ(t->billed["chat-platform/chat-gateway"], *ParseMoney("6.216"));
  EXPECT_EQ(t->billed[""], *ParseMoney("511.376"));  // the EC2 line and the purchase
  EXPECT_EQ(t->effective[""], *ParseMoney("7.10"));  // amortised: the purchase counts 0
  EXPECT_EQ(t->services[1], "Amazon Elastic Compute Cloud");
}

// CUR 2.0 spells tags three ways; each names the same owners.
TEST_F(BillReaderTest, Cur2TagsFlattenedAsJsonAndAsAthenaMapsAgree) {
  std::string head =
      "line_item_usage_start_date,line_item_usage_account_id,line_item_line_item_type,"
      "line_item_product_code,line_item_resource_id,line_item_unblended_cost,"
      "savings_plan_savings_plan_effective_cost,bill_billing_period_start_date,";
  std::string rows[3][2] = {
      {"2026-11-03 00:00:00,1111,Usage,AmazonEC2,i-1,1.5,,2026-11-01 00:00:00,",
       "2026-11-03 00:00:00,1111,SavingsPlanCoveredUsage,AmazonEC2,i-2,2.0,1.25,"
       "2026-11-01 00:00:00,"},
      {},
      {}};
  std::string flattened = head + "resource_tags_user_team,resource_tags_user_project\n" +
                          rows[0][0] + "chat,gw\n" + rows[0][1] + ",\n";
  std::string as_json = head + "resource_tags\n" + rows[0][0] +
                        "\"{\"\"user_team\"\":\"\"chat\"\",\"\"user_project\"\":\"\"gw\"\"}\"\n" +
                        rows[0][1] + "{}\n";
  std::string as_map = head + "resource_tags\n" + rows[0][0] +
                       "\"{user_project=gw, user_team=chat}\"\n" + rows[0][1] + "{}\n";
  for (const auto& [name, text] :
       {std::pair{"flat.csv", flattened}, std::pair{"json.csv.gz", as_json},
        std::pair{"map.csv", as_map}}) {
    auto t = ReadAll(Write(name, text));
    ASSERT_TRUE(t.ok()) << name << ": " << t.status();
    EXPECT_EQ(t->format, BillFormat::kCur2);
    EXPECT_EQ(t->billed["chat/gw"], *ParseMoney("1.5")) << name;
    EXPECT_EQ(t->billed[""], *ParseMoney("2.0")) << name;
    EXPECT_EQ(t->effective[""], *ParseMoney("1.25")) << name;  // the Savings Plan's rate
    EXPECT_EQ(t->periods.back(), "2026-11");
  }
}

TEST_F(BillReaderTest, OwnerTagKeysComeFromConfiguration) {
  std::string text =
      "BilledCost,EffectiveCost,ChargePeriodStart,SubAccountId,Tags\n"
      "1,1,2026-10-01T00:00:00Z,1,\"{\"\"cost-center\"\":\"\"ads\"\",\"\"team\"\":\"\"x\"\"}\"\n";
  auto t = ReadAll(Write("f.csv", text), OwnerTagKeys{.team = {"cost-center"}, .project = {}});
  ASSERT_OK(t);
  EXPECT_EQ(t->billed["ads/"], *ParseMoney("1"));
}

// A generated CUR 2.0 bill of 60,000 lines, summed by owner here and by Python's csv and
// decimal modules; the two must agree to the nano.
TEST_F(BillReaderTest, TotalsPerOwnerEqualPythonsOverAGeneratedBill) {
  std::string text =
      "line_item_usage_start_date,line_item_usage_account_id,line_item_product_code,"
      "line_item_resource_id,line_item_unblended_cost,resource_tags_user_team,"
      "resource_tags_user_project,product_product_name\n";
  const char* teams[] = {"chat", "ads", "search", ""};
  for (int i = 0; i < 60'000; ++i) {
    absl::StrAppend(&text, "2026-11-", 1 + i % 28 < 10 ? "0" : "", 1 + i % 28,
                    "T00:00:00Z,2222,AmazonEC2,i-", i % 500, ",", i % 1000, ".", 1 + i % 9973,
                    "0007,", teams[i % 4], ",p", i % 7, ",\"Amazon, Elastic \"\"Compute\"\"\"\n");
  }
  std::string path = Write("gen.csv.gz", text);
  auto t = ReadAll(path);
  ASSERT_OK(t);
  EXPECT_EQ(t->lines, 60'000);
  std::string script =
      Write("ref.py",
            "import csv,gzip,sys\n"
            "from decimal import Decimal\n"
            "tot={}\n"
            "with gzip.open(sys.argv[1],'rt',newline='') as f:\n"
            "  for r in csv.DictReader(f):\n"
            "    k=(r['resource_tags_user_team']+'/'+r['resource_tags_user_project']"
            ") if r['resource_tags_user_team'] else ''\n"
            "    tot[k]=tot.get(k,Decimal(0))+Decimal(r['line_item_unblended_cost'])\n"
            "for k in sorted(tot): print(k, int(tot[k]*1000000000))\n");
  FILE* pipe = popen(("python3 " + script + " " + path).c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string reference;
  std::array<char, 256> buf{};
  while (fgets(buf.data(), buf.size(), pipe)) reference += buf.data();
  pclose(pipe);
  std::string ours;
  for (const auto& [owner, m] : t->billed) absl::StrAppend(&ours, owner, " ", m.nanos, "\n");
  EXPECT_EQ(ours, reference);
  EXPECT_EQ(t->services.front(), "Amazon, Elastic \"Compute\"");
}

TEST_F(BillReaderTest, ABrokenLineNamesFileLineAndColumn) {
  std::string head = "lineItem/UsageStartDate,lineItem/UsageAccountId,lineItem/UnblendedCost\n";
  auto amount = ReadAll(Write("amount.csv", head + "2026-10-01,1,0.5\n2026-10-01,1,12x\n"));
  EXPECT_CODE(amount, kInvalidArgument);
  EXPECT_NE(amount.status().message().find("amount.csv line 3, column lineItem/UnblendedCost: "
                                           "'12x' is not an amount"),
            std::string::npos)
      << amount.status();
  auto date = ReadAll(Write("date.csv", head + "yesterday,1,0.5\n"));
  EXPECT_CODE(date, kInvalidArgument);
  EXPECT_NE(date.status().message().find("column lineItem/UsageStartDate"), std::string::npos);
  auto short_row = ReadAll(Write("short.csv", head + "2026-10-01,1\n"));
  EXPECT_CODE(short_row, kInvalidArgument);
  EXPECT_NE(short_row.status().message().find("line 2"), std::string::npos);
  auto unknown = ReadAll(Write("other.csv", "a,b\n1,2\n"));
  EXPECT_CODE(unknown, kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("not a bill"), std::string::npos);
  auto missing = ReadAll(Write("missing.csv", "BilledCost,ChargePeriodStart,SubAccountId\n"));
  EXPECT_CODE(missing, kInvalidArgument);
  EXPECT_NE(missing.status().message().find("EffectiveCost"), std::string::npos);
  auto tags = ReadAll(Write("tags.csv",
                            "BilledCost,EffectiveCost,ChargePeriodStart,SubAccountId,Tags\n"
                            "1,1,2026-10-01,1,\"{\"\"broken\"\"\"\n"));
  EXPECT_CODE(tags, kInvalidArgument);
  EXPECT_NE(tags.status().message().find("column Tags"), std::string::npos) << tags.status();
}

}  // namespace
}  // namespace paved::cost
