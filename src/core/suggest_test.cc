#include "core/suggest.h"

#include <gtest/gtest.h>

namespace paved {
namespace {

TEST(SuggestTest, EditDistance) {
  EXPECT_EQ(EditDistance("replica", "replicas"), 1);
  EXPECT_EQ(EditDistance("imgae", "image"), 2);
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(EditDistance("same", "same"), 0);
}

TEST(SuggestTest, ClosestWithinTheDistanceOrNothing) {
  const std::vector<std::string> envs = {"alpha", "production"};
  EXPECT_EQ(Closest("prod", envs), "production");  // an abbreviation, though 6 edits away
  EXPECT_EQ(Closest("p", envs), "");               // one letter abbreviates too much
  EXPECT_EQ(Closest("staging", envs), "");
  EXPECT_EQ(Closest("alhpa", envs), "alpha");
  EXPECT_EQ(NameWithSuggestion("productoin", envs), "'productoin' (did you mean 'production'?)");
  EXPECT_EQ(NameWithSuggestion("staging", envs), "'staging'");
  EXPECT_EQ(UnknownNameMessage("environment", "prod", envs),
            "unknown environment 'prod' (did you mean 'production'?); environments: alpha, "
            "production");
  EXPECT_EQ(UnknownNameMessage("cluster", "x", {}), "unknown cluster 'x'; clusters: none");
  // A hostile 100 KB name is not echoed back whole.
  EXPECT_EQ(NameWithSuggestion(std::string(100000, 'x'), envs), "'" + std::string(64, 'x') + "…'");
}

}  // namespace
}  // namespace paved
