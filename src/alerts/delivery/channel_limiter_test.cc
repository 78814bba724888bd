#include "alerts/delivery/channel_limiter.h"

#include "gtest/gtest.h"

namespace paved::alerts::delivery_internal {
namespace {

TEST(ChannelLimiterTest, AllowsPerMinuteThenWaitsForTheNextToken) {
  FakeClock clock;
  ChannelLimiter limiter(&clock, 3);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.TryTake("#a").has_value());
  std::optional<int64_t> wait = limiter.TryTake("#a");
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, 20'000);
  EXPECT_FALSE(limiter.TryTake("#b").has_value());  // channels are independent
  clock.AdvanceMs(20'000);
  EXPECT_FALSE(limiter.TryTake("#a").has_value());
  EXPECT_TRUE(limiter.TryTake("#a").has_value());
}

TEST(ChannelLimiterTest, ZeroMeansUnlimited) {
  FakeClock clock;
  ChannelLimiter limiter(&clock, 0);
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(limiter.TryTake("#a").has_value());
}

}  // namespace
}  // namespace paved::alerts::delivery_internal
