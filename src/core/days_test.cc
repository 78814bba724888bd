#include "core/days.h"

#include <gtest/gtest.h>

namespace paved {
namespace {

TEST(DaysTest, OnlyExactDaysParse) {
  EXPECT_TRUE(ParseDay("2026-02-28"));
  EXPECT_FALSE(ParseDay("2026-02-30"));
  EXPECT_FALSE(ParseDay("2026-2-28"));
  EXPECT_FALSE(ParseDay("2026-02-28x"));
  EXPECT_FALSE(ParseDay(""));
}

TEST(DaysTest, DaysMoveAcrossMonthsAndYears) {
  EXPECT_EQ(AddDays("2026-12-31", 1), "2027-01-01");
  EXPECT_EQ(AddDays("2024-03-01", -1), "2024-02-29");
  EXPECT_EQ(AddDays("nonsense", 3), "nonsense");
  EXPECT_EQ(DaysBetween("2026-11-25", "2026-12-02"), 7);
  EXPECT_EQ(DaysBetween("2026-12-02", "2026-11-25"), -7);
  EXPECT_EQ(DaysBetween("x", "2026-12-02"), 0);
}

TEST(DaysTest, AMonthHasItsFirstAndLastDay) {
  EXPECT_EQ(MonthDays("2024-02"),
            std::make_pair(std::string("2024-02-01"), std::string("2024-02-29")));
  EXPECT_EQ(MonthDays("2026-12")->second, "2026-12-31");
  EXPECT_FALSE(MonthDays("2026-13"));
  EXPECT_FALSE(MonthDays("2026-1"));
}

TEST(DaysTest, AUnixTimeHasItsUtcDay) {
  EXPECT_EQ(DayOfUnixMs(0), "1970-01-01");
  EXPECT_EQ(DayOfUnixMs(1'798'761'599'999), "2026-12-31");
}

}  // namespace
}  // namespace paved
