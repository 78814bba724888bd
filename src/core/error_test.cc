#include "core/error.h"

#include "gtest/gtest.h"

namespace paved {
namespace {

TEST(ShortenedTest, ShortValuesStayWholeLongOnesAreCutOnACharacter) {
  EXPECT_EQ(Shortened("prod-eu"), "prod-eu");
  EXPECT_EQ(Shortened(std::string(64, 'a')), std::string(64, 'a'));
  EXPECT_EQ(Shortened(std::string(65, 'a')), std::string(64, 'a') + "…");
  // "é" is two bytes; cutting at 3 would split the second one.
  EXPECT_EQ(Shortened("ééé", 3), "é…");
}

}  // namespace
}  // namespace paved
