#include "core/random.h"

#include <set>

#include "gtest/gtest.h"

namespace paved {
namespace {

TEST(RandomTest, IdsAreUniqueAndTimeOrdered) {
  std::set<std::string> ids;
  std::string prev;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewId();
    EXPECT_EQ(id.size(), 20u);
    EXPECT_GE(id.substr(0, 10), prev.empty() ? "" : prev.substr(0, 10));
    prev = id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 1000u);
}

TEST(RandomTest, TokensAreUrlSafe) {
  std::string t = RandomToken(32);
  EXPECT_EQ(t.size(), 43u);
  EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_NE(RandomToken(), RandomToken());
}

}  // namespace
}  // namespace paved
