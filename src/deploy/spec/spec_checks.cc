#include "deploy/spec/spec_checks.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "core/bounded_regex.h"
#include "deploy/spec/cron_schedule.h"

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
    if (!BoundedRegexMatch(parts[i], kComponent)) {
      return "'" + s + "' is not a valid image repository: path components are lowercase " +
             "letters, digits and separators (. _ -)";
    }
  }
  return "";
}

std::string CheckCpuQuantity(const std::string& s) {
  static const std::regex kCpu("([0-9]+)m|[0-9]+(\\.[0-9]+)?|\\.[0-9]+");
  if (!BoundedRegexMatch(s, kCpu)) {
    return "'" + s + "' is not a CPU quantity: use millicores like 500m or cores like 0.5 or 2";
  }
  if (!Positive(s)) return "CPU must be greater than zero";
  return "";
}

std::string CheckMemoryQuantity(const std::string& s) {
  static const std::regex kMemory("([0-9]+(\\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");
  std::smatch m;
  if (!BoundedRegexMatch(s, m, kMemory)) {
    return "'" + s + "' is not a memory quantity: use 512Mi, 1Gi, 1G or a number of bytes";
  }
  if (!Positive(m[1].str())) return "memory must be greater than zero";
  return "";
}

std::string CheckCronSchedule(const std::string& s) {
  absl::StatusOr<CronSchedule> parsed = CronSchedule::Parse(s);
  return parsed.ok() ? "" : std::string(parsed.status().message());
}

std::string CheckEnvName(const std::string& s) {
  static const std::regex kName("[-._a-zA-Z][-._a-zA-Z0-9]*");
  if (BoundedRegexMatch(s, kName)) return "";
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

}  // namespace paved::deploy::spec
