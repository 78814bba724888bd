#include "cli/table.h"

#include "gtest/gtest.h"

namespace paved::cli {
namespace {

TEST(TableTest, AlignsColumnsWithoutTrailingSpaces) {
  Table table({"SLUG", "NAME", "OWNER"});
  table.AddRow({"chat-gateway", "Chat gateway", "ads"});
  table.AddRow({"api", "API", ""});
  EXPECT_EQ(table.Render(),
            "SLUG           NAME           OWNER\n"
            "chat-gateway   Chat gateway   ads\n"
            "api            API\n");
  EXPECT_EQ(table.row_count(), 2u);
}

TEST(TableTest, PadsMissingCellsAndDropsExtraOnes) {
  Table table({"A", "B"});
  table.AddRow({"1"});
  table.AddRow({"2", "x", "ignored"});
  EXPECT_EQ(table.Render(), "A   B\n1\n2   x\n");
}

TEST(TableTest, MeasuresCodePointsNotBytes) {
  Table table({"NAME", "X"});
  table.AddRow({"café", "1"});
  table.AddRow({"tea", "2"});
  EXPECT_EQ(table.Render(), "NAME   X\ncafé   1\ntea    2\n");
}

TEST(TableTest, HeaderOnlyWhenEmpty) { EXPECT_EQ(Table({"ID", "NAME"}).Render(), "ID   NAME\n"); }

TEST(CleanCellTest, ReplacesControlCharacters) {
  EXPECT_EQ(CleanCell("a\nb\tc\x1b[31md\x7f", 0), "a b c [31md ");
  EXPECT_EQ(CleanCell("x\xC2\x9B"
                      "1m",
                      0),
            "x 1m");  // C1 CSI
  EXPECT_EQ(CleanCell("é", 0), "é");
}

TEST(CleanCellTest, CutsLongTextWithAnEllipsis) {
  EXPECT_EQ(CleanCell("abcdef", 4), "abc…");
  EXPECT_EQ(CleanCell("abcd", 4), "abcd");
  EXPECT_EQ(CleanCell("ééééé", 3), "éé…");
  Table table({"D"}, 5);
  table.AddRow({"0123456789"});
  EXPECT_EQ(table.Render(), "D\n0123…\n");
}

TEST(RenderFieldsTest, AlignsValues) {
  EXPECT_EQ(RenderFields({{"Slug", "api"}, {"Owner team", "ads"}, {"Description", ""}}),
            "Slug:         api\n"
            "Owner team:   ads\n"
            "Description:\n");
  EXPECT_EQ(RenderFields({{"Teams", ""}, {"Server", "http://x"}}),
            "Teams:\n"
            "Server:  http://x\n");
}

TEST(FormatAgeTest, UsesTheLargestSensibleUnit) {
  absl::Time now;
  std::string error;
  ASSERT_TRUE(absl::ParseTime(absl::RFC3339_full, "2026-11-24T12:00:00Z", &now, &error));
  EXPECT_EQ(FormatAge("2026-11-24T11:59:15.500Z", now), "44s");
  EXPECT_EQ(FormatAge("2026-11-24T11:30:00Z", now), "30m");
  EXPECT_EQ(FormatAge("2026-11-24T02:00:00Z", now), "10h");
  EXPECT_EQ(FormatAge("2026-11-14T12:00:00Z", now), "10d");
  EXPECT_EQ(FormatAge("2023-11-24T12:00:00Z", now), "3y");
  EXPECT_EQ(FormatAge("2026-11-25T12:00:00Z", now), "0s");
  EXPECT_EQ(FormatAge("yesterday", now), "yesterday");
}

}  // namespace
}  // namespace paved::cli
