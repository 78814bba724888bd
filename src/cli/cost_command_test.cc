// `paved cost ...` against canned answers: the bill goes gzipped, show asks for the month and
// filter it was given and prints the groups, a bad month is refused before any request.
#include <zlib.h>

#include <cstdio>
#include <fstream>

#include "cli/testing/canned_cli_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace paved::cli {
namespace {

using json = nlohmann::json;
using ::testing::HasSubstr;

class CostCliTest : public testing::CannedCliTest {
 protected:
  std::string WriteBill(const std::string& name, const std::string& bytes) {
    std::string path = ::testing::TempDir() + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  static std::string Gunzip(const std::string& gz) {
    z_stream z{};
    inflateInit2(&z, 15 + 16);
    std::string out(1 << 16, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
    z.avail_in = static_cast<uInt>(gz.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = inflate(&z, Z_FINISH);
    out.resize(z.total_out);
    inflateEnd(&z);
    return rc == Z_STREAM_END ? out : "(not gzip)";
  }
  const json kImported = {{"id", "i1"},
                          {"source", "nov.csv"},
                          {"format", "cur"},
                          {"periods", {{{"billing_account", "P"}, {"billing_period", "2026-11"}}}},
                          {"lines", 2},
                          {"rows_kept", 2},
                          {"billed", "12.50"},
                          {"effective", "12.00"},
                          {"imported_by", "admin"},
                          {"imported_at_ms", 1}};
};

TEST_F(CostCliTest, ImportSendsAPlainBillGzipped) {
  const std::string bill = "bill/PayerAccountId,lineItem/UnblendedCost\nP,12.5\n";
  Answer("POST /cost/imports", 201, kImported);
  ASSERT_EQ(Run({"cost", "import", WriteBill("nov.csv", bill)}), 0) << err_.str();
  EXPECT_EQ(Target(0), "POST /cost/imports?name=nov.csv");
  const std::string sent = SentBody(0);
  ASSERT_GE(sent.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(sent[0]), 0x1f);
  EXPECT_EQ(Gunzip(sent), bill);
  EXPECT_THAT(out_.str(), HasSubstr("imported nov.csv (cur): 2 lines, billing period 2026-11"));
  EXPECT_EQ(out_.str().back(), '\n');  // two imports in a row print two lines
}

TEST_F(CostCliTest, ImportSendsAGzippedBillAsItIs) {
  const std::string gz = std::string("\x1f\x8b", 2) + "rest";
  Answer("POST /cost/imports", 201, kImported);
  ASSERT_EQ(Run({"cost", "import", WriteBill("nov.csv.gz", gz), "--name", "n.csv.gz"}), 0)
      << err_.str();
  EXPECT_EQ(Target(0), "POST /cost/imports?name=n.csv.gz");
  EXPECT_EQ(SentBody(0), gz);
}

TEST_F(CostCliTest, ImportShowsTheServersLineAndColumn) {
  Answer("POST /cost/imports", 400,
         {{"error",
           {{"code", "invalid_argument"},
            {"field", "body"},
            {"message", "nov.csv line 3, column lineItem/UnblendedCost: 'x' is not an amount"}}}});
  EXPECT_EQ(Run({"cost", "import", WriteBill("nov.csv", "a\n")}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("nov.csv line 3, column lineItem/UnblendedCost"));
}

TEST_F(CostCliTest, ShowAsksForTheMonthAndFilterAndPrintsGroups) {
  Answer("GET /cost", 200,
         {{"from", "2026-11-01"},
          {"to", "2026-11-30"},
          {"today", "2026-12-07"},
          {"currency", "USD"},
          {"group_by", {"service"}},
          {"groups",
           {{{"keys", {{"service", "AmazonEC2"}}},
             {"unowned", false},
             {"billed", "10.00"},
             {"effective", "9.00"},
             {"month_to_date", "0.00"},
             {"forecast", "0.00"}}}},
          {"total", {{"billed", "10.00"}, {"effective", "9.00"}}},
          {"month", {{"month", "2026-12"}, {"to_date", "0.00"}, {"forecast", "0.00"}}}});
  ASSERT_EQ(Run({"cost", "show", "--team", "chat", "--project", "gw", "--month", "2026-11",
                 "--group-by", "service"}),
            0)
      << err_.str();
  EXPECT_EQ(
      Target(0),
      "GET /cost?group_by=service&from=2026-11-01&to=2026-11-30&filter=team%3Achat%2Cproject%3Agw");
  EXPECT_THAT(out_.str(), HasSubstr("AmazonEC2"));
  EXPECT_THAT(out_.str(), HasSubstr("billed $10.00, effective $9.00"));
}

TEST_F(CostCliTest, ABadMonthIsRefusedBeforeAnyRequest) {
  EXPECT_EQ(Run({"cost", "show", "--month", "2026-13"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("--month must be YYYY-MM"));
  EXPECT_EQ(RequestCount(), 0u);
}

}  // namespace
}  // namespace paved::cli
