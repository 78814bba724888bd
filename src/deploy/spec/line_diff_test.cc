#include "deploy/spec/line_diff.h"

#include "gtest/gtest.h"

namespace paved::deploy::spec {
namespace {

std::vector<std::string> Numbered(int from, int to) {
  std::vector<std::string> out;
  for (int i = from; i <= to; ++i) out.push_back("line " + std::to_string(i));
  return out;
}

TEST(LineDiffTest, SplitsLines) {
  EXPECT_EQ(SplitLines(""), std::vector<std::string>{});
  EXPECT_EQ(SplitLines("a\nb\n"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(SplitLines("a\n\nb"), (std::vector<std::string>{"a", "", "b"}));
}

TEST(LineDiffTest, OpsFollowTheLongestCommonSubsequence) {
  auto d = DiffLines({"a", "b", "c", "d"}, {"a", "x", "c", "d", "e"});
  std::vector<DiffLine> want = {{' ', "a"}, {'-', "b"}, {'+', "x"},
                                {' ', "c"}, {' ', "d"}, {'+', "e"}};
  EXPECT_EQ(d, want);
  auto moved = DiffLines({"a", "b", "c"}, {"c", "a", "b"});
  int kept = 0;
  for (const auto& l : moved) kept += l.op == ' ';
  EXPECT_EQ(kept, 2);  // a, b kept; c moved
  EXPECT_EQ(DiffLines({}, {"a"}), (std::vector<DiffLine>{{'+', "a"}}));
  EXPECT_EQ(DiffLines({"a"}, {}), (std::vector<DiffLine>{{'-', "a"}}));
  EXPECT_TRUE(DiffLines({}, {}).empty());
}

TEST(LineDiffTest, UnifiedDiffHasHunksWithThreeLinesOfContext) {
  std::vector<std::string> from = Numbered(1, 20);
  std::vector<std::string> to = from;
  to[1] = "changed 2";        // line 2
  to.erase(to.begin() + 14);  // line 15 removed
  to.push_back("line 21");    // appended
  std::string diff = UnifiedDiff(DiffLines(from, to));
  EXPECT_EQ(diff,
            "@@ -1,5 +1,5 @@\n"
            " line 1\n"
            "-line 2\n"
            "+changed 2\n"
            " line 3\n"
            " line 4\n"
            " line 5\n"
            "@@ -12,9 +12,9 @@\n"
            " line 12\n"
            " line 13\n"
            " line 14\n"
            "-line 15\n"
            " line 16\n"
            " line 17\n"
            " line 18\n"
            " line 19\n"
            " line 20\n"
            "+line 21\n");
}

TEST(LineDiffTest, CloseChangesShareAHunkAndEmptyRangesPointBefore) {
  std::vector<std::string> from = Numbered(1, 10);
  std::vector<std::string> to = from;
  to[2] = "x";  // line 3
  to[8] = "y";  // line 9: 5 unchanged lines between, within 2 × 3
  std::string merged = UnifiedDiff(DiffLines(from, to));
  EXPECT_EQ(merged.rfind("@@ -1,10 +1,10 @@\n", 0), 0u) << merged;
  EXPECT_EQ(merged.find("\n@@"), std::string::npos) << merged;

  EXPECT_EQ(UnifiedDiff(DiffLines({}, {"a", "b"})), "@@ -0,0 +1,2 @@\n+a\n+b\n");
  EXPECT_EQ(UnifiedDiff(DiffLines({"a"}, {})), "@@ -1 +0,0 @@\n-a\n");
  EXPECT_EQ(UnifiedDiff(DiffLines(from, from)), "");
  EXPECT_EQ(UnifiedDiff(DiffLines({"a", "b", "c", "d", "e"}, {"a", "b", "c", "d", "e", "f"}), 1),
            "@@ -5 +5,2 @@\n e\n+f\n");
}

TEST(LineDiffTest, HugeInputsFallBackToReplacingTheMiddle) {
  std::vector<std::string> from = Numbered(1, 3000), to = Numbered(1, 3000);
  for (auto& l : to) l += "!";
  to.front() = from.front();
  to.back() = from.back();
  auto d = DiffLines(from, to);
  ASSERT_EQ(d.size(), 2u + 2 * 2998);
  EXPECT_EQ(d[0], (DiffLine{' ', "line 1"}));
  EXPECT_EQ(d[1], (DiffLine{'-', "line 2"}));
  EXPECT_EQ(d[2999], (DiffLine{'+', "line 2!"}));
  EXPECT_EQ(d.back(), (DiffLine{' ', "line 3000"}));
}

}  // namespace
}  // namespace paved::deploy::spec
