#include "resources/kinds.h"

#include <algorithm>
#include <regex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/error.h"
#include "core/status_macros.h"
#include "core/suggest.h"

namespace paved::resources {
namespace {

using nlohmann::json;

const std::vector<std::string> kEvictionPolicies = {
    "noeviction",   "allkeys-lru",    "volatile-lru",    "allkeys-lfu",
    "volatile-lfu", "allkeys-random", "volatile-random", "volatile-ttl"};

std::string Field(const std::string& name) { return "spec." + name; }

absl::Status OneOf(const json& spec, const std::string& name,
                   const std::vector<std::string>& allowed) {
  if (!spec.contains(name)) return absl::OkStatus();
  const json& v = spec[name];
  if (v.is_string() &&
      std::find(allowed.begin(), allowed.end(), v.get<std::string>()) != allowed.end()) {
    return absl::OkStatus();
  }
  // What was typed goes back in the message, so it is cut short: a hostile value can be as
  // large as the request body.
  std::string typed = (v.is_string() ? v.get<std::string>() : v.dump()).substr(0, 40);
  return InvalidField(Field(name),
                      absl::StrCat(name, " must be one of ", absl::StrJoin(allowed, ", "), ", not ",
                                   NameWithSuggestion(typed, allowed)));
}

absl::Status IntBetween(const json& spec, const std::string& name, int low, int high) {
  if (!spec.contains(name)) return absl::OkStatus();
  const json& v = spec[name];
  if (!v.is_number_integer() || v.get<int64_t>() < low || v.get<int64_t>() > high) {
    return InvalidField(Field(name),
                        absl::StrCat(name, " must be a whole number from ", low, " to ", high));
  }
  return absl::OkStatus();
}

absl::Status Matches(const json& spec, const std::string& name, const std::regex& pattern,
                     const std::string& what) {
  if (!spec.contains(name)) return absl::OkStatus();
  const json& v = spec[name];
  if (!v.is_string() || v.get<std::string>().size() > 253 ||
      !std::regex_match(v.get<std::string>(), pattern)) {
    return InvalidField(Field(name), absl::StrCat(name, " must be ", what));
  }
  return absl::OkStatus();
}

absl::Status KeyAttribute(const json& spec, const std::string& name) {
  if (!spec.contains(name)) return absl::OkStatus();
  const json& v = spec[name];
  static const std::regex kAttribute("[A-Za-z0-9_.-]{1,255}");
  if (!v.is_object() || !v.contains("name") || !v["name"].is_string() ||
      !std::regex_match(v["name"].get<std::string>(), kAttribute)) {
    return InvalidField(Field(name) + ".name",
                        absl::StrCat(name, " needs a name of 1-255 letters, digits, _ . -"));
  }
  for (const auto& [key, _] : v.items()) {
    if (key != "name" && key != "type") {
      return InvalidField(Field(name) + "." + key, absl::StrCat("unknown field '", key, "' in ",
                                                                name, " (fields: name, type)"));
    }
  }
  return OneOf(v, "type", {"S", "N", "B"}).ok()
             ? absl::OkStatus()
             : InvalidField(Field(name) + ".type", name + ".type must be one of S, N, B");
}

absl::Status CheckRedis(const json& spec) {
  RETURN_IF_ERROR(OneOf(spec, "size", {"s", "m", "l"}));
  static const std::regex kVersion("[0-9]{1,2}(\\.[0-9]{1,2}){0,2}");
  RETURN_IF_ERROR(Matches(spec, "engine_version", kVersion, "a version such as 7.1"));
  RETURN_IF_ERROR(IntBetween(spec, "replicas", 0, 5));
  return OneOf(spec, "eviction_policy", kEvictionPolicies);
}

absl::Status CheckStaticSite(const json& spec) {
  static const std::regex kHost(
      "([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");
  RETURN_IF_ERROR(
      Matches(spec, "domain", kHost, "a lower-case host name such as docs.example.com"));
  // Path segments of letters, digits, _ . - but never "." or ".." alone: the local provider
  // writes the index document inside the site's directory and must not be led out of it.
  static const std::regex kDocument(
      "(?!\\.{1,2}(/|$))[A-Za-z0-9_.-]{1,64}(/(?!\\.{1,2}(/|$))[A-Za-z0-9_.-]{1,64}){0,4}");
  RETURN_IF_ERROR(Matches(spec, "index_document", kDocument,
                          "a relative path inside the site, such as index.html"));
  return Matches(spec, "error_document", kDocument,
                 "a relative path inside the site, such as 404.html");
}

absl::Status CheckDynamoDb(const json& spec) {
  RETURN_IF_ERROR(KeyAttribute(spec, "partition_key"));
  RETURN_IF_ERROR(KeyAttribute(spec, "sort_key"));
  RETURN_IF_ERROR(OneOf(spec, "billing_mode", {"PAY_PER_REQUEST", "PROVISIONED"}));
  RETURN_IF_ERROR(IntBetween(spec, "read_capacity", 1, 40000));
  RETURN_IF_ERROR(IntBetween(spec, "write_capacity", 1, 40000));
  bool provisioned = spec.value("billing_mode", "") == "PROVISIONED";
  for (const char* capacity : {"read_capacity", "write_capacity"}) {
    if (provisioned && !spec.contains(capacity)) return MissingField(Field(capacity));
    if (!provisioned && spec.contains(capacity)) {
      return InvalidField(Field(capacity),
                          absl::StrCat(capacity, " is only for billing_mode PROVISIONED"));
    }
  }
  static const std::regex kAttribute("[A-Za-z0-9_.-]{1,255}");
  return Matches(spec, "ttl_attribute", kAttribute, "an attribute name");
}

}  // namespace

const std::vector<SpecField>& SpecFields(Kind kind) {
  static const std::vector<SpecField> kRedis = {{"size", "s"},
                                                {"engine_version", "7.0"},
                                                {"replicas", 0},
                                                {"eviction_policy", "allkeys-lru"}};
  static const std::vector<SpecField> kStaticSite = {
      {"domain", nullptr}, {"index_document", "index.html"}, {"error_document", "404.html"}};
  static const std::vector<SpecField> kDynamoDb = {
      {"partition_key", nullptr, true},    {"sort_key", nullptr},
      {"billing_mode", "PAY_PER_REQUEST"}, {"read_capacity", nullptr},
      {"write_capacity", nullptr},         {"ttl_attribute", nullptr}};
  switch (kind) {
    case Kind::kRedis:
      return kRedis;
    case Kind::kStaticSite:
      return kStaticSite;
    case Kind::kDynamoDb:
      return kDynamoDb;
  }
  return kRedis;
}

absl::StatusOr<nlohmann::json> ValidateSpec(Kind kind, const nlohmann::json& spec) {
  if (!spec.is_object()) return InvalidField("spec", "spec must be an object");
  std::vector<std::string> names;
  for (const SpecField& f : SpecFields(kind)) names.push_back(f.name);
  for (const auto& [key, _] : spec.items()) {
    if (std::find(names.begin(), names.end(), key) == names.end()) {
      return InvalidField(Field(key),
                          absl::StrCat("unknown field ", NameWithSuggestion(key, names), " for a ",
                                       KindName(kind), "; fields: ", absl::StrJoin(names, ", ")));
    }
  }
  for (const SpecField& f : SpecFields(kind)) {
    if (f.required && !spec.contains(f.name)) return MissingField(Field(f.name));
  }
  switch (kind) {
    case Kind::kRedis:
      RETURN_IF_ERROR(CheckRedis(spec));
      break;
    case Kind::kStaticSite:
      RETURN_IF_ERROR(CheckStaticSite(spec));
      break;
    case Kind::kDynamoDb:
      RETURN_IF_ERROR(CheckDynamoDb(spec));
      break;
  }
  return spec;
}

DynamoDbKeys DynamoDbKeysOf(const Resource& r) {
  DynamoDbKeys keys;
  const json& partition = EffectiveValue(r, "partition_key");
  const json& sort = EffectiveValue(r, "sort_key");
  for (const auto& [key, type] : {std::pair{&partition, "HASH"}, std::pair{&sort, "RANGE"}}) {
    if (!key->is_object()) continue;
    keys.attributes.push_back(
        {{"AttributeName", key->value("name", "")}, {"AttributeType", key->value("type", "S")}});
    keys.key_schema.push_back({{"AttributeName", key->value("name", "")}, {"KeyType", type}});
  }
  return keys;
}

bool IsResourceName(const std::string& name) {
  static const std::regex kName("[a-z]([a-z0-9-]{0,38}[a-z0-9])?");
  return std::regex_match(name, kName);
}

}  // namespace paved::resources
