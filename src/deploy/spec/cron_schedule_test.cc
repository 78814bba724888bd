#include "deploy/spec/cron_schedule.h"

#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::deploy::spec {
namespace {

bool Runs(const std::string& schedule, absl::CivilMinute t) {
  auto s = CronSchedule::Parse(schedule);
  EXPECT_OK(s);
  return s.ok() && s->Matches(t);
}

// 2026-11-24 is a Tuesday.
const absl::CivilMinute kTue0300(2026, 11, 24, 3, 0);

TEST(CronScheduleTest, FieldsRangesStepsAndLists) {
  EXPECT_TRUE(Runs("* * * * *", kTue0300));
  EXPECT_TRUE(Runs("0 3 * * *", kTue0300));
  EXPECT_FALSE(Runs("0 3 * * *", kTue0300 + 1));
  EXPECT_TRUE(Runs("*/15 * * * *", kTue0300 + 45));
  EXPECT_FALSE(Runs("*/15 * * * *", kTue0300 + 46));
  EXPECT_TRUE(Runs("5-10/5 * * * *", kTue0300 + 10));
  EXPECT_FALSE(Runs("5-10/5 * * * *", kTue0300 + 15));
  EXPECT_TRUE(Runs("30/10 * * * *", kTue0300 + 50));  // from 30 to the end
  EXPECT_FALSE(Runs("30/10 * * * *", kTue0300 + 20));
  EXPECT_TRUE(Runs("0 1,3,5 * * *", kTue0300));
  EXPECT_TRUE(Runs("0 3 * NOV *", kTue0300));
  EXPECT_FALSE(Runs("0 3 * DEC *", kTue0300));
}

TEST(CronScheduleTest, DaysOfWeekCountFromSundayAndSevenIsSundayToo) {
  EXPECT_TRUE(Runs("0 3 * * TUE", kTue0300));
  EXPECT_TRUE(Runs("0 3 * * 2", kTue0300));
  EXPECT_FALSE(Runs("0 3 * * 1", kTue0300));
  const absl::CivilMinute sunday(2026, 11, 29, 3, 0);
  EXPECT_TRUE(Runs("0 3 * * 7", sunday));
  EXPECT_TRUE(Runs("0 3 * * 0", sunday));
  EXPECT_TRUE(Runs("0 3 * * 5-7", sunday));
}

// With both day fields restricted, either one matching is enough (as in cron).
TEST(CronScheduleTest, BothDayFieldsRestrictedMeansEither) {
  EXPECT_TRUE(Runs("0 3 1 * TUE", kTue0300));   // the 24th is a Tuesday
  EXPECT_TRUE(Runs("0 3 24 * MON", kTue0300));  // the 24th
  EXPECT_FALSE(Runs("0 3 1 * MON", kTue0300));  // neither
  EXPECT_FALSE(Runs("0 3 1 * *", kTue0300));    // day of month only
}

TEST(CronScheduleTest, Macros) {
  EXPECT_TRUE(Runs("@daily", absl::CivilMinute(2026, 11, 24, 0, 0)));
  EXPECT_FALSE(Runs("@daily", kTue0300));
  EXPECT_TRUE(Runs("@hourly", kTue0300));
  EXPECT_TRUE(Runs("@monthly", absl::CivilMinute(2026, 12, 1, 0, 0)));
}

TEST(CronScheduleTest, BadSchedulesNameTheField) {
  for (const char* bad : {"", "* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *",
                          "* * * * 8", "*/0 * * * *", "5-1 * * * *", "a * * * *", "@often"}) {
    EXPECT_FALSE(CronSchedule::Parse(bad).ok()) << bad;
  }
  auto bad_hour = CronSchedule::Parse("0 25 * * *");
  ASSERT_FALSE(bad_hour.ok());
  EXPECT_NE(bad_hour.status().message().find("hour field '25'"), std::string::npos)
      << bad_hour.status();
}

}  // namespace
}  // namespace paved::deploy::spec
