#include "resources/profiles.h"

#include <regex>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/error.h"
#include "core/status_macros.h"
#include "core/suggest.h"
#include "resources/kinds.h"

namespace paved::resources {
namespace {

using nlohmann::json;

// A platform setting: which kinds it applies to ("" = all) and how its value is checked.
struct Setting {
  std::string name;
  std::string kind;  // "", "redis", ...
  absl::Status (*check)(const std::string& field, const json& value);
};

absl::Status IsString(const std::string& field, const json& v) {
  if (v.is_string() && !v.get<std::string>().empty() && v.get<std::string>().size() <= 255) {
    return absl::OkStatus();
  }
  return InvalidField(field, "must be a non-empty string");
}
absl::Status IsBool(const std::string& field, const json& v) {
  return v.is_boolean() ? absl::OkStatus() : InvalidField(field, "must be true or false");
}
absl::Status IsStringList(const std::string& field, const json& v) {
  if (!v.is_array() || v.size() > 16) return InvalidField(field, "must be a list of names");
  for (const json& item : v) RETURN_IF_ERROR(IsString(field, item));
  return absl::OkStatus();
}
absl::Status IsStringMap(const std::string& field, const json& v) {
  if (!v.is_object() || v.size() > 40) return InvalidField(field, "must be a map of strings");
  for (const auto& [key, value] : v.items()) {
    if (key.empty() || key.size() > 128 || !value.is_string() ||
        value.get<std::string>().size() > 256) {
      return InvalidField(field + "." + key, "keys of 1-128 and values of 0-256 characters");
    }
  }
  return absl::OkStatus();
}
absl::Status IsRetention(const std::string& field, const json& v) {
  if (v.is_number_integer() && v.get<int64_t>() >= 0 && v.get<int64_t>() <= 35) {
    return absl::OkStatus();
  }
  return InvalidField(field, "must be a whole number of days from 0 to 35");
}
absl::Status IsSnapshotWindow(const std::string& field, const json& v) {
  if (v.is_string() && DailyWindowMinutes(v.get<std::string>()) >= 60) return absl::OkStatus();
  return InvalidField(field, "must be a UTC window \"hh:mm-hh:mm\" of at least 60 minutes");
}
absl::Status IsMaintenanceWindow(const std::string& field, const json& v) {
  if (v.is_string() && WeeklyWindowMinutes(v.get<std::string>()) >= 60) return absl::OkStatus();
  return InvalidField(field,
                      "must be a UTC window \"ddd:hh:mm-ddd:hh:mm\" (e.g. sun:05:00-sun:06:00) "
                      "of at least 60 minutes");
}
absl::Status IsBySize(const std::string& field, const json& v) {
  if (!v.is_object()) return InvalidField(field, "must map each size s, m, l to a value");
  for (const char* size : {"s", "m", "l"}) {
    if (!v.contains(size) || v[size].is_null() || v[size].is_object() || v[size].is_array()) {
      return InvalidField(absl::StrCat(field, ".", size), "needs a value for this size");
    }
  }
  return absl::OkStatus();
}
absl::Status IsPositiveBySize(const std::string& field, const json& v) {
  RETURN_IF_ERROR(IsBySize(field, v));
  for (const char* size : {"s", "m", "l"}) {
    if (!v[size].is_number_integer() || v[size].get<int64_t>() < 1 ||
        v[size].get<int64_t>() > 1 << 20) {
      return InvalidField(absl::StrCat(field, ".", size), "must be a whole number of MiB");
    }
  }
  return absl::OkStatus();
}
absl::Status IsParameterGroups(const std::string& field, const json& v) {
  if (!v.is_object()) return InvalidField(field, "must map engine versions to a group name");
  for (const auto& [version, name] : v.items())
    RETURN_IF_ERROR(IsString(field + "." + version, name));
  return absl::OkStatus();
}

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> kSettings = {
      {"subnet_group", "", IsString},
      {"subnets", "", IsStringList},
      {"security_groups", "", IsStringList},
      {"availability_zones", "", IsStringList},
      {"snapshot_window", "redis", IsSnapshotWindow},
      {"maintenance_window", "redis", IsMaintenanceWindow},
      {"encryption_at_rest", "", IsBool},
      {"encryption_in_transit", "", IsBool},
      {"backup_retention_days", "", IsRetention},
      {"tags", "", IsStringMap},
      {"node_types", "redis", IsBySize},
      {"maxmemory_mb", "redis", IsPositiveBySize},
      {"parameter_groups", "redis", IsParameterGroups},
      {"point_in_time_recovery", "dynamodb", IsBool},
      {"hosted_zone_id", "static-site", IsString},
      {"certificate_arn", "static-site", IsString},
  };
  return kSettings;
}

const Setting* FindSetting(const std::string& name) {
  for (const Setting& s : Settings()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

bool AppliesTo(const Setting& s, Kind kind) { return s.kind.empty() || s.kind == KindName(kind); }

std::vector<std::string> SettingNames() {
  std::vector<std::string> names;
  for (const Setting& s : Settings()) names.push_back(s.name);
  return names;
}

absl::Status CheckDefaults(const json& defaults) {
  if (!defaults.is_object()) return InvalidField("defaults", "must be a map by kind");
  for (const auto& [section, values] : defaults.items()) {
    std::optional<Kind> kind = ParseKind(section);
    if (section != "common" && !kind) {
      return InvalidField("defaults." + section,
                          "sections are common, redis, static-site, dynamodb");
    }
    if (!values.is_object()) return InvalidField("defaults." + section, "must be a map");
    json spec_part = json::object();
    for (const auto& [name, value] : values.items()) {
      std::string field = absl::StrCat("defaults.", section, ".", name);
      if (const Setting* s = FindSetting(name)) {
        RETURN_IF_ERROR(s->check(field, value));
      } else if (kind) {
        spec_part[name] = value;
      } else {
        return InvalidField(field, "unknown setting " + NameWithSuggestion(name, SettingNames()));
      }
    }
    if (kind) {
      absl::StatusOr<json> ok = ValidateSpec(*kind, spec_part);
      if (!ok.ok()) {
        return InvalidField("defaults." + section + ErrorField(ok.status()).substr(4),
                            std::string(ok.status().message()));
      }
    }
  }
  return absl::OkStatus();
}

// The value the profile sets for `name` for `kind`: the kind's section first, then common.
const json* ProfileValue(const Profile& p, Kind kind, const std::string& name) {
  std::string section(KindName(kind));
  for (const std::string& where : {section, std::string("common")}) {
    auto it = p.defaults.find(where);
    if (it != p.defaults.end() && it->contains(name)) return &(*it)[name];
  }
  return nullptr;
}

json Sourced(const json& value, const char* source) {
  return {{"value", value}, {"source", source}};
}

}  // namespace

int DailyWindowMinutes(const std::string& window) {
  static const std::regex kDaily("([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])");
  std::smatch m;
  if (!std::regex_match(window, m, kDaily)) return -1;
  int start = std::stoi(m[1]) * 60 + std::stoi(m[2]);
  int end = std::stoi(m[3]) * 60 + std::stoi(m[4]);
  return ((end - start) % 1440 + 1440) % 1440;
}

int WeeklyWindowMinutes(const std::string& window) {
  static const std::regex kWeekly(
      "(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):([0-5][0-9])-"
      "(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):([0-5][0-9])");
  static const std::vector<std::string> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  std::smatch m;
  const std::string lower = absl::AsciiStrToLower(window);
  if (!std::regex_match(lower, m, kWeekly)) return -1;
  auto minute = [&](int day, int hour, int min) {
    int d = static_cast<int>(std::find(kDays.begin(), kDays.end(), m[day].str()) - kDays.begin());
    return d * 1440 + std::stoi(m[hour]) * 60 + std::stoi(m[min]);
  };
  constexpr int kWeek = 7 * 1440;
  return ((minute(4, 5, 6) - minute(1, 2, 3)) % kWeek + kWeek) % kWeek;
}

absl::StatusOr<Profile> ParseProfile(const nlohmann::json& body) {
  if (!body.is_object()) return InvalidField("", "a profile is a JSON object");
  static const std::regex kAccount("[a-z0-9][a-z0-9-]{0,62}");
  Profile p;
  for (const char* key : {"account", "environment"}) {
    if (!body.contains(key) || !body[key].is_string()) return MissingField(key);
    if (!std::regex_match(body[key].get<std::string>(), kAccount)) {
      return InvalidField(key, "must be 1-63 of a-z, 0-9 and -");
    }
  }
  p.account = body["account"];
  p.environment = body["environment"];
  p.provider = body.value("provider", "local");
  if (p.provider != "local" && p.provider != "aws") {
    return InvalidField("provider", "provider must be local or aws");
  }
  if (body.contains("region") && !body["region"].is_string()) {
    return InvalidField("region", "must be a string such as eu-west-1");
  }
  p.region = body.value("region", p.provider == "local" ? "local" : "");
  if (p.provider == "aws" && p.region.empty()) return MissingField("region");
  p.defaults = body.value("defaults", json::object());
  RETURN_IF_ERROR(CheckDefaults(p.defaults));
  json overridable = body.value("overridable", json::array());
  if (!overridable.is_array()) return InvalidField("overridable", "must be a list of settings");
  for (const json& name : overridable) {
    if (!name.is_string() || !FindSetting(name.get<std::string>())) {
      std::string typed = name.is_string() ? name.get<std::string>() : name.dump();
      return InvalidField("overridable",
                          "unknown setting " + NameWithSuggestion(typed, SettingNames()));
    }
    p.overridable.insert(name.get<std::string>());
  }
  p.prices = body.value("prices", json::object());
  if (!p.prices.is_object()) return InvalidField("prices", "must be a map by kind");
  for (const auto& [kind, by_size] : p.prices.items()) {
    if (!ParseKind(kind) || !by_size.is_object()) {
      return InvalidField("prices." + kind, "prices are {kind: {size or base: USD per month}}");
    }
    for (const auto& [size, usd] : by_size.items()) {
      if (!usd.is_number() || usd.get<double>() < 0) {
        return InvalidField(absl::StrCat("prices.", kind, ".", size), "must be a number >= 0");
      }
    }
  }
  return p;
}

nlohmann::json ProfileToJson(const Profile& p) {
  return {{"account", p.account}, {"environment", p.environment}, {"provider", p.provider},
          {"region", p.region},   {"defaults", p.defaults},       {"overridable", p.overridable},
          {"prices", p.prices},   {"updated_by", p.updated_by},   {"updated_at", p.updated_at_ms}};
}

absl::StatusOr<nlohmann::json> Resolve(const Profile& profile, Kind kind, const json& spec,
                                       const json& overrides) {
  ASSIGN_OR_RETURN(json checked, ValidateSpec(kind, spec));
  json effective = json::object();
  for (const SpecField& f : SpecFields(kind)) {
    if (checked.contains(f.name)) {
      effective[f.name] = Sourced(checked[f.name], "team");
    } else if (const json* v = ProfileValue(profile, kind, f.name)) {
      effective[f.name] = Sourced(*v, "standard");
    } else if (!f.fallback.is_null()) {
      effective[f.name] = Sourced(f.fallback, "standard");
    }
  }
  if (!overrides.is_object()) return InvalidField("overrides", "must be a map of settings");
  for (const auto& [name, value] : overrides.items()) {
    const Setting* s = FindSetting(name);
    if (!s || !AppliesTo(*s, kind)) {
      return InvalidField("overrides." + name,
                          absl::StrCat("no setting ", NameWithSuggestion(name, SettingNames()),
                                       " for a ", KindName(kind)));
    }
    if (!profile.overridable.contains(name)) {
      return DomainError(
          absl::StatusCode::kPermissionDenied, "not_overridable",
          absl::StrCat(name, " is the platform standard in ", profile.account, "/",
                       profile.environment, "; teams may change: ",
                       profile.overridable.empty() ? std::string("nothing")
                                                   : absl::StrJoin(profile.overridable, ", ")),
          "overrides." + name);
    }
    RETURN_IF_ERROR(s->check("overrides." + name, value));
  }
  for (const Setting& s : Settings()) {
    if (!AppliesTo(s, kind)) continue;
    if (overrides.contains(s.name)) {
      effective[s.name] = Sourced(overrides[s.name], "team");
    } else if (const json* v = ProfileValue(profile, kind, s.name)) {
      effective[s.name] = Sourced(*v, "standard");
    }
  }
  return effective;
}

double MonthlyPrice(const Profile& profile, Kind kind, const json& effective) {
  auto by_kind = profile.prices.find(std::string(KindName(kind)));
  if (by_kind == profile.prices.end()) return -1;
  std::string size = "base";
  if (auto s = effective.find("size"); s != effective.end() && (*s)["value"].is_string()) {
    size = (*s)["value"];
  }
  if (!by_kind->contains(size)) return -1;
  double price = (*by_kind)[size].get<double>();
  if (auto r = effective.find("replicas"); r != effective.end() && (*r)["value"].is_number()) {
    price *= 1 + (*r)["value"].get<int>();  // each replica is another node of the same size
  }
  return price;
}

}  // namespace paved::resources
