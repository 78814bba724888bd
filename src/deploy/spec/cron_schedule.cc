#include "deploy/spec/cron_schedule.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace paved::deploy::spec {
namespace {

struct Field {
  const char* name;
  int min;
  int max;
  std::vector<std::string> names;  // names[i] stands for min + i
};

const std::vector<Field>& Fields() {
  static const std::vector<Field> kFields = {
      {"minute", 0, 59, {}},
      {"hour", 0, 23, {}},
      {"day of month", 1, 31, {}},
      {"month",
       1,
       12,
       {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
      {"day of week", 0, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
  };
  return kFields;
}

bool Value(const Field& f, const std::string& text, int* out) {
  std::string upper = absl::AsciiStrToUpper(text);
  for (size_t i = 0; i < f.names.size(); ++i) {
    if (upper == f.names[i]) {
      *out = f.min + static_cast<int>(i);
      return true;
    }
  }
  if (text.empty() || !std::all_of(text.begin(), text.end(), ::isdigit)) return false;
  return absl::SimpleAtoi(text, out) && *out >= f.min && *out <= f.max;
}

// Adds one comma-separated item ("*", "*/n", "a", "a-b", "a-b/n", "a/n") to `set`.
bool AddItem(const Field& f, const std::string& item, std::vector<bool>& set) {
  std::string range = item;
  int step = 1;
  bool stepped = false;
  if (size_t slash = item.find('/'); slash != std::string::npos) {
    std::string s = item.substr(slash + 1);
    if (s.empty() || !std::all_of(s.begin(), s.end(), ::isdigit) || !absl::SimpleAtoi(s, &step) ||
        step < 1 || step > f.max) {
      return false;
    }
    range = item.substr(0, slash);
    stepped = true;
  }
  int from = f.min, to = f.max;
  if (range != "*") {
    size_t dash = range.find('-');
    if (dash == std::string::npos) {
      if (!Value(f, range, &from)) return false;
      to = stepped ? f.max : from;  // "a/n": from a to the end
    } else if (!Value(f, range.substr(0, dash), &from) || !Value(f, range.substr(dash + 1), &to) ||
               from > to) {
      return false;
    }
  }
  for (int v = from; v <= to; v += step) set[v] = true;
  return true;
}

const std::map<std::string, std::string>& Macros() {
  static const std::map<std::string, std::string> kMacros = {
      {"@hourly", "0 * * * *"},   {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"},
      {"@weekly", "0 0 * * 0"},   {"@monthly", "0 0 1 * *"}, {"@yearly", "0 0 1 1 *"},
      {"@annually", "0 0 1 1 *"},
  };
  return kMacros;
}

}  // namespace

absl::StatusOr<CronSchedule> CronSchedule::Parse(const std::string& text) {
  std::string expanded = text;
  if (auto macro = Macros().find(text); macro != Macros().end()) expanded = macro->second;
  std::vector<std::string> fields = absl::StrSplit(expanded, ' ', absl::SkipWhitespace());
  if (fields.size() != 5) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text,
                     "' is not a cron schedule: use five fields (minute hour day-of-month month "
                     "day-of-week), e.g. \"0 3 * * *\""));
  }
  std::vector<std::vector<bool>> sets;
  for (size_t i = 0; i < fields.size(); ++i) {
    const Field& f = Fields()[i];
    std::vector<bool> set(f.max + 1, false);
    for (const std::string& item : std::vector<std::string>(absl::StrSplit(fields[i], ','))) {
      if (!AddItem(f, item, set)) {
        return absl::InvalidArgumentError(absl::StrCat("'", text, "': ", f.name, " field '",
                                                       fields[i], "' is invalid (", f.min, "-",
                                                       f.max, ", *, a-b, */n or lists)"));
      }
    }
    sets.push_back(std::move(set));
  }
  CronSchedule s;
  for (int v = 0; v < 60; ++v) s.minutes_[v] = sets[0][v];
  for (int v = 0; v < 24; ++v) s.hours_[v] = sets[1][v];
  for (int v = 1; v <= 31; ++v) s.days_[v] = sets[2][v];
  for (int v = 1; v <= 12; ++v) s.months_[v] = sets[3][v];
  for (int v = 0; v <= 7; ++v) {
    if (sets[4][v]) s.weekdays_[v % 7] = true;
  }
  s.days_any_ = fields[2].front() == '*';
  s.weekdays_any_ = fields[4].front() == '*';
  return s;
}

bool CronSchedule::Matches(absl::CivilMinute t) const {
  if (!minutes_[t.minute()] || !hours_[t.hour()] || !months_[t.month()]) return false;
  const bool day = days_[t.day()];
  // absl::Weekday counts from Monday; cron from Sunday.
  const int weekday = (static_cast<int>(absl::GetWeekday(absl::CivilDay(t))) + 1) % 7;
  const bool weekday_ok = weekdays_[weekday];
  if (days_any_ && weekdays_any_) return true;
  if (days_any_) return weekday_ok;
  if (weekdays_any_) return day;
  return day || weekday_ok;
}

}  // namespace paved::deploy::spec
