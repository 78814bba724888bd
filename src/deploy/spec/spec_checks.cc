#include "deploy/spec/spec_checks.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace paved::deploy::spec {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool HasSpace(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

// Whether a quantity's number is above zero ("0", "0.0", "0m" are not).
bool Positive(const std::string& number) {
  return std::any_of(number.begin(), number.end(), [](char c) { return c >= '1' && c <= '9'; });
}

struct CronField {
  const char* name;
  int min;
  int max;
  std::vector<std::string> names;  // names[i] stands for min + i
};

const std::vector<CronField>& CronFields() {
  static const std::vector<CronField> kFields = {
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

bool CronValue(const CronField& f, const std::string& text, int* out) {
  std::string upper = text;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  for (size_t i = 0; i < f.names.size(); ++i) {
    if (upper == f.names[i]) {
      *out = f.min + static_cast<int>(i);
      return true;
    }
  }
  if (text.empty() || !std::all_of(text.begin(), text.end(), ::isdigit)) return false;
  return absl::SimpleAtoi(text, out) && *out >= f.min && *out <= f.max;
}

// One comma-separated item: "*", "*/n", "a", "a-b", "a-b/n", "a/n".
bool CronItem(const CronField& f, const std::string& item) {
  std::string range = item;
  if (size_t slash = item.find('/'); slash != std::string::npos) {
    int step = 0;
    std::string s = item.substr(slash + 1);
    if (s.empty() || !std::all_of(s.begin(), s.end(), ::isdigit) || !absl::SimpleAtoi(s, &step) ||
        step < 1 || step > f.max) {
      return false;
    }
    range = item.substr(0, slash);
  }
  if (range == "*") return true;
  size_t dash = range.find('-');
  int a = 0, b = 0;
  if (dash == std::string::npos) return CronValue(f, range, &a);
  return CronValue(f, range.substr(0, dash), &a) && CronValue(f, range.substr(dash + 1), &b) &&
         a <= b;
}

}  // namespace

std::string CheckDnsLabel(const std::string& s) {
  bool ok = !s.empty() && s.size() <= 63 && IsLowerAlnum(s.front()) && IsLowerAlnum(s.back()) &&
            std::all_of(s.begin(), s.end(), [](char c) { return IsLowerAlnum(c) || c == '-'; });
  if (ok) return "";
  return "'" + s +
         "' is not a valid name: use 1-63 lowercase letters, digits and '-', starting and "
         "ending with a letter or digit";
}

std::string CheckImage(const std::string& s) {
  if (s.empty() || HasSpace(s)) {
    return "must be an image repository, e.g. registry.example.com/team/app";
  }
  if (s.find('@') != std::string::npos) {
    return "must be a repository without a digest: the tag or digest is chosen at deploy time";
  }
  size_t last = s.rfind('/');
  std::string name = last == std::string::npos ? s : s.substr(last + 1);
  if (name.find(':') != std::string::npos) {
    return "must be a repository without a tag: the tag or digest is chosen at deploy time";
  }
  // Path components after the registry host: lowercase, digits and separators.
  static const std::regex kComponent("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*");
  std::vector<std::string> parts = absl::StrSplit(s, '/');
  bool has_host = parts.size() > 1 &&
                  (parts[0].find_first_of(".:") != std::string::npos || parts[0] == "localhost");
  for (size_t i = has_host ? 1 : 0; i < parts.size(); ++i) {
    if (!std::regex_match(parts[i], kComponent)) {
      return "'" + s + "' is not a valid image repository: path components are lowercase " +
             "letters, digits and separators (. _ -)";
    }
  }
  return "";
}

std::string CheckCpuQuantity(const std::string& s) {
  static const std::regex kCpu("([0-9]+)m|[0-9]+(\\.[0-9]+)?|\\.[0-9]+");
  if (!std::regex_match(s, kCpu)) {
    return "'" + s + "' is not a CPU quantity: use millicores like 500m or cores like 0.5 or 2";
  }
  if (!Positive(s)) return "CPU must be greater than zero";
  return "";
}

std::string CheckMemoryQuantity(const std::string& s) {
  static const std::regex kMemory("([0-9]+(\\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");
  std::smatch m;
  if (!std::regex_match(s, m, kMemory)) {
    return "'" + s + "' is not a memory quantity: use 512Mi, 1Gi, 1G or a number of bytes";
  }
  if (!Positive(m[1].str())) return "memory must be greater than zero";
  return "";
}

std::string CheckCronSchedule(const std::string& s) {
  static const std::vector<std::string> kMacros = {"@hourly",  "@daily",  "@midnight", "@weekly",
                                                   "@monthly", "@yearly", "@annually"};
  if (std::find(kMacros.begin(), kMacros.end(), s) != kMacros.end()) return "";
  std::vector<std::string> fields = absl::StrSplit(s, ' ', absl::SkipWhitespace());
  if (fields.size() != 5) {
    return "'" + s +
           "' is not a cron schedule: use five fields (minute hour day-of-month month "
           "day-of-week), e.g. \"0 3 * * *\"";
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    const CronField& f = CronFields()[i];
    for (const std::string& item : std::vector<std::string>(absl::StrSplit(fields[i], ','))) {
      if (!CronItem(f, item)) {
        return "'" + s + "': " + f.name + " field '" + fields[i] + "' is invalid (" +
               std::to_string(f.min) + "-" + std::to_string(f.max) + ", *, a-b, */n or lists)";
      }
    }
  }
  return "";
}

std::string CheckEnvName(const std::string& s) {
  static const std::regex kName("[-._a-zA-Z][-._a-zA-Z0-9]*");
  if (std::regex_match(s, kName)) return "";
  return "'" + s + "' is not a valid environment variable name";
}

std::string CheckHost(const std::string& s) {
  std::string rest = s.rfind("*.", 0) == 0 ? s.substr(2) : s;
  bool ok = !rest.empty() && s.size() <= 253;
  for (const std::string& label : std::vector<std::string>(absl::StrSplit(rest, '.'))) {
    ok = ok && CheckDnsLabel(label).empty();
  }
  if (ok) return "";
  return "'" + s + "' is not a valid host name, e.g. chat.example.com";
}

std::string CheckHttpPath(const std::string& s) {
  if (!s.empty() && s.front() == '/' && !HasSpace(s)) return "";
  return "'" + s + "' is not a valid path: it starts with '/'";
}

int EditDistance(const std::string& a, const std::string& b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace paved::deploy::spec
