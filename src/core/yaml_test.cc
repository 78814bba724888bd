#include "core/yaml.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "core/testing/yaml_bombs.h"

namespace paved {
namespace {

TEST(YamlTest, LoadsDocumentsAndAliases) {
  auto docs = LoadYamlDocuments("a: &x {b: 1}\nc: *x\n---\n- 2\n");
  ASSERT_TRUE(docs.ok()) << docs.status();
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_EQ((*docs)[0]["c"]["b"].as<int>(), 1);
  EXPECT_EQ((*docs)[1][0].as<int>(), 2);
  auto empty = LoadYaml("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->IsNull());
}

TEST(YamlTest, RefusesTheBillionLaughsNamingTheLimit) {
  std::string bomb = testing::BillionLaughsYaml();
  EXPECT_LT(bomb.size(), 400u);
  YamlError error;
  auto docs = LoadYamlDocuments(bomb, &error);
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(error.limit);
  EXPECT_NE(error.message.find("1000000 nodes"), std::string::npos) << error.message;
  EXPECT_GT(error.line, 1);
}

TEST(YamlTest, CountsAliasesAsCopies) {
  // 1 map + 2 keys + anchored list (1 + 3) + alias (4) = 11 nodes.
  std::string text = "a: &x [1, 2, 3]\nb: *x\n";
  YamlBudget tight(10);
  YamlError error;
  EXPECT_FALSE(LoadYaml(text, &error, &tight).ok());
  EXPECT_TRUE(error.limit);
  YamlBudget exact(11);
  EXPECT_TRUE(LoadYaml(text, nullptr, &exact).ok());
  EXPECT_EQ(exact.nodes_left(), 0);
}

TEST(YamlTest, OneBudgetBoundsSeveralLoads) {
  YamlBudget budget(5);
  EXPECT_TRUE(LoadYaml("[1, 2]", nullptr, &budget).ok());  // 3 nodes
  EXPECT_EQ(budget.nodes_left(), 2);
  EXPECT_FALSE(LoadYaml("[1, 2]", nullptr, &budget).ok());
}

TEST(YamlTest, RefusesDeepNestingAlsoThroughAliases) {
  std::string deep = std::string(100, '[') + std::string(100, ']');
  YamlError error;
  EXPECT_FALSE(LoadYaml(deep, &error).ok());
  EXPECT_TRUE(error.limit);
  EXPECT_NE(error.message.find("64 levels"), std::string::npos);
  // Each level is shallow, but following the aliases nests 70 deep.
  std::string chained = "l0: &l0 [x]\n";
  for (int i = 1; i < 70; ++i) absl::StrAppend(&chained, "l", i, ": &l", i, " [*l", i - 1, "]\n");
  EXPECT_FALSE(LoadYaml(chained).ok());
  EXPECT_TRUE(LoadYaml(std::string(30, '[') + std::string(30, ']')).ok());
}

TEST(YamlTest, SyntaxErrorsSayWhere) {
  YamlError error;
  auto node = LoadYaml("a: 1\nb: [1, 2\n", &error);
  ASSERT_FALSE(node.ok());
  EXPECT_FALSE(error.limit);
  EXPECT_GE(error.line, 2);
  EXPECT_NE(node.status().message().find("line "), std::string::npos);
  EXPECT_FALSE(LoadYaml("a: *missing\n").ok());
}

TEST(YamlTest, TextThatIsNotUtf8IsRefusedWhereItStops) {
  // Strings read from YAML end up in JSON, whose writer throws on bytes that are not UTF-8.
  for (const std::string text : {std::string("a: \xff\n"), std::string("a: 1\n# \xc3\n"),
                                 std::string("a: \xed\xa0\x80\n"), std::string("\xf0\x9f")}) {
    YamlError error;
    EXPECT_FALSE(LoadYaml(text, &error).ok());
    EXPECT_NE(error.message.find("not UTF-8"), std::string::npos) << error.message;
  }
  // yaml-cpp turns a NUL inside a scalar into bytes that are not UTF-8: controls are refused too.
  EXPECT_FALSE(LoadYaml(std::string("a:\n  c\x06\x00_x: 1\n", 13)).ok());
  EXPECT_FALSE(LoadYaml("a: \x01\n").ok());
  EXPECT_TRUE(LoadYaml("a:\tb\r\n").ok());
  YamlError error;
  EXPECT_FALSE(LoadYaml("a: 1\nb: x\xff\n", &error).ok());
  EXPECT_EQ(error.line, 2);
  EXPECT_EQ(error.column, 5);
  auto ok = LoadYaml("name: caf\xc3\xa9 \xf0\x9f\x9a\x80\n");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ((*ok)["name"].as<std::string>(), "caf\xc3\xa9 \xf0\x9f\x9a\x80");
}

TEST(YamlTest, StrayCommasEndInsteadOfLoopingForever) {
  // yaml-cpp 0.7's LoadAll loops without end on these (it keeps reading the same empty document).
  for (const std::string text : {",", ",\n", "---\n,", "!,", "a: 1\n---\n,\n"}) {
    YamlError error;
    EXPECT_FALSE(LoadYamlDocuments(text, &error).ok()) << text;
    EXPECT_FALSE(error.limit) << text;
  }
  auto empties = LoadYamlDocuments("---\n---\na: 1\n");
  ASSERT_TRUE(empties.ok()) << empties.status();
  ASSERT_FALSE(empties->empty());
  EXPECT_EQ(empties->back()["a"].as<int>(), 1);
}

}  // namespace
}  // namespace paved
