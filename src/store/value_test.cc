#include "store/value.h"

#include "gtest/gtest.h"

namespace paved::store {
namespace {

TEST(RowTest, AccessorsConvertBetweenTextAndNumbers) {
  std::vector<std::string> columns = {"text_int", "text_real", "int", "real", "null", "bool"};
  Row row(&columns,
          {std::string("42"), std::string("2.5"), int64_t{7}, 1.5, Null(), std::string("t")});
  EXPECT_EQ(row.Int("text_int"), 42);
  EXPECT_DOUBLE_EQ(row.Real("text_real"), 2.5);
  EXPECT_EQ(row.Int("text_real"), 2);
  EXPECT_EQ(row.Text("int"), "7");
  EXPECT_EQ(row.Text("real"), "1.5");
  EXPECT_DOUBLE_EQ(row.Real("int"), 7.0);
  EXPECT_EQ(row.Int("real"), 1);
  EXPECT_TRUE(row.IsNull("null"));
  EXPECT_EQ(row.Text("null"), "");
  EXPECT_EQ(row.OptText("null"), std::nullopt);
  EXPECT_EQ(row.OptText("int"), std::optional<std::string>("7"));
  EXPECT_EQ(row.Int("bool"), 1);
  EXPECT_EQ(row.size(), 6u);
}

TEST(RowDeathTest, UnknownColumnIsACodeBug) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");  // other tests leave threads behind
  std::vector<std::string> columns = {"a"};
  Row row(&columns, {int64_t{1}});
  EXPECT_DEATH(row.Int("b"), "no column 'b'");
}

TEST(ResultSetTest, CopyAndMoveRepointRowsAtTheirOwnColumns) {
  auto make = [] {
    ResultSet rs;
    rs.columns = {"id", "name"};
    rs.rows.emplace_back(&rs.columns, std::vector<Value>{int64_t{1}, std::string("one")});
    return rs;
  };
  ResultSet original = make();
  ResultSet copy = original;
  original.columns = {"renamed", "other"};
  EXPECT_EQ(copy.front().Text("name"), "one");
  ResultSet moved = std::move(copy);
  EXPECT_EQ(moved.front().Int("id"), 1);
  ResultSet assigned;
  assigned = moved;
  EXPECT_EQ(assigned.front().Text("name"), "one");
}

TEST(ValueTest, OptTextBindsNullForNullopt) {
  EXPECT_TRUE(std::holds_alternative<std::monostate>(OptText(std::nullopt)));
  EXPECT_EQ(std::get<std::string>(OptText(std::string("x"))), "x");
}

}  // namespace
}  // namespace paved::store
