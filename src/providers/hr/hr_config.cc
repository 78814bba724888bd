#include <algorithm>
#include <cctype>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "providers/hr/hr_source.h"

namespace paved::providers::hr {
namespace {

using nlohmann::json;

absl::Status Bad(const std::string& key, const std::string& message) {
  return absl::InvalidArgumentError(absl::StrCat("catalog.hr_source.", key, ": ", message));
}

absl::StatusOr<std::string> StringField(const json& section, const std::string& key) {
  if (!section.contains(key) || section[key].is_null()) return std::string();
  if (!section[key].is_string()) return Bad(key, "must be a string");
  return section[key].get<std::string>();
}

// A JSON pointer ("" or "/a/b"); nlohmann throws on a malformed one, caught here.
absl::Status CheckPointer(const std::string& key, const std::string& pointer) {
  try {
    json::json_pointer parsed(pointer);
    (void)parsed;
  } catch (const json::exception&) {
    return Bad("mapping." + key, "\"" + pointer + "\" is not a JSON pointer (e.g. /name)");
  }
  return absl::OkStatus();
}

absl::Status ParseMapping(const json& value, HrMapping& m) {
  if (!value.is_object()) return Bad("mapping", "must be a map of field: JSON pointer");
  const std::map<std::string, std::string*> fields = {{"teams", &m.teams},
                                                      {"id", &m.id},
                                                      {"name", &m.name},
                                                      {"parent", &m.parent},
                                                      {"chat_channel", &m.chat_channel},
                                                      {"members", &m.members},
                                                      {"member_id", &m.member_id},
                                                      {"member_login", &m.member_login},
                                                      {"member_email", &m.member_email},
                                                      {"member_name", &m.member_name},
                                                      {"member_lead", &m.member_lead}};
  for (const auto& [key, pointer] : value.items()) {
    auto it = fields.find(key);
    if (it == fields.end()) return Bad("mapping." + key, "unknown key");
    if (!pointer.is_string()) return Bad("mapping." + key, "must be a JSON pointer string");
    RETURN_IF_ERROR(CheckPointer(key, pointer.get<std::string>()));
    *it->second = pointer.get<std::string>();
  }
  return absl::OkStatus();
}

absl::Status ParseSection(const json& section, HrSourceConfig& c) {
  static const char* kKeys[] = {"url", "file", "token", "interval", "timeout", "mapping"};
  for (const auto& [key, value] : section.items()) {
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
      return Bad(key, "unknown key (expected url, file, token, interval, timeout, mapping)");
    }
  }
  ASSIGN_OR_RETURN(c.url, StringField(section, "url"));
  ASSIGN_OR_RETURN(c.file, StringField(section, "file"));
  ASSIGN_OR_RETURN(c.token, StringField(section, "token"));
  if (c.url.empty() == c.file.empty()) return Bad("url", "set exactly one of url and file");
  if (!c.url.empty() && c.url.rfind("http://", 0) != 0 && c.url.rfind("https://", 0) != 0) {
    return Bad("url", "must start with http:// or https://");
  }
  if (section.contains("interval")) {
    auto ms = ParseDurationMs(section["interval"]);
    if (!ms.ok()) return Bad("interval", std::string(ms.status().message()));
    c.interval_ms = *ms;
  }
  if (section.contains("timeout")) {
    auto ms = ParseDurationMs(section["timeout"]);
    if (!ms.ok()) return Bad("timeout", std::string(ms.status().message()));
    c.timeout_ms = *ms;
  }
  if (section.contains("mapping")) RETURN_IF_ERROR(ParseMapping(section["mapping"], c.mapping));
  return absl::OkStatus();
}

}  // namespace

std::string HrSourceConfig::Describe() const {
  if (url.empty()) return file;
  std::string out = url.substr(0, url.find_first_of("?#"));
  size_t scheme_end = out.find("://");
  size_t host_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  size_t at = out.find('@', host_start);
  size_t slash = out.find('/', host_start);
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
    out.erase(host_start, at + 1 - host_start);
  }
  return out;
}

// A sync period longer than a year is a typo; bounding it also keeps n * scale from overflowing.
constexpr int64_t kMaxDurationMs = int64_t{366} * 24 * 3'600'000;

absl::StatusOr<int64_t> ParseDurationMs(const json& value) {
  int64_t ms = 0;
  if (value.is_number_integer()) {
    if (value.get<int64_t>() > kMaxDurationMs / 1000) {
      return absl::InvalidArgumentError("must be at most a year");
    }
    ms = value.get<int64_t>() * 1000;
  } else if (value.is_string()) {
    const std::string s = value.get<std::string>();
    static const std::pair<const char*, int64_t> kUnits[] = {
        {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}};
    bool parsed = false;
    for (const auto& [unit, scale] : kUnits) {
      const std::string suffix = unit;
      if (s.size() <= suffix.size() || s.compare(s.size() - suffix.size(), suffix.size(), suffix)) {
        continue;
      }
      const std::string digits = s.substr(0, s.size() - suffix.size());
      int64_t n = 0;
      if (!std::isdigit(static_cast<unsigned char>(digits.front())) ||
          !absl::SimpleAtoi(digits, &n)) {
        continue;
      }
      if (n > kMaxDurationMs / scale) return absl::InvalidArgumentError("must be at most a year");
      ms = n * scale;
      parsed = true;
      break;
    }
    if (!parsed) return absl::InvalidArgumentError("\"" + s + "\" is not a duration like 10m");
  } else {
    return absl::InvalidArgumentError("must be a duration like 10m");
  }
  if (ms <= 0) return absl::InvalidArgumentError("must be positive");
  return ms;
}

absl::StatusOr<std::optional<HrSourceConfig>> ParseHrSourceConfig(const json& config) {
  if (!config.is_object() || !config.contains("catalog")) return std::nullopt;
  const json& catalog = config["catalog"];
  if (!catalog.is_object() || !catalog.contains("hr_source") || catalog["hr_source"].is_null()) {
    return std::nullopt;
  }
  const json& section = catalog["hr_source"];
  if (!section.is_object()) {
    return absl::InvalidArgumentError("catalog.hr_source: must be a map (url or file, ...)");
  }
  HrSourceConfig c;
  RETURN_IF_ERROR(ParseSection(section, c));
  return c;
}

}  // namespace paved::providers::hr
