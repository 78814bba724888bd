#pragma once

#include <bitset>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace paved::deploy::spec {

// A cron schedule as Kubernetes CronJobs read it: five fields (minute hour day-of-month month
// day-of-week) of numbers, names (JAN-DEC, SUN-SAT), "*", ranges "a-b", steps "*/n" / "a-b/n" /
// "a/n" and comma lists (day-of-week 7 is Sunday too), or a macro (@hourly, @daily, @midnight,
// @weekly, @monthly, @yearly, @annually). As in cron, when both day fields are restricted a day
// matching either one runs.
class CronSchedule {
 public:
  // InvalidArgument with a message naming the field that is wrong.
  static absl::StatusOr<CronSchedule> Parse(const std::string& text);

  // Whether the schedule runs in minute `t` (in the schedule's time zone).
  bool Matches(absl::CivilMinute t) const;

 private:
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;     // 1-31
  std::bitset<13> months_;   // 1-12
  std::bitset<7> weekdays_;  // 0 = Sunday
  bool days_any_ = true, weekdays_any_ = true;
};

}  // namespace paved::deploy::spec
