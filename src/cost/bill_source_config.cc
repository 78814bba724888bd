#include "cost/bill_source_config.h"

#include <filesystem>
#include <set>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace paved::cost {
namespace {

using nlohmann::json;

bool IsPlainName(const std::string& name) {
  if (name.empty() || name.size() > 63) return false;
  for (char c : name) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '-')) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<BillSourceSpec> ParseSource(const json& entry, const std::string& key,
                                           const aws::EnvLookup& env) {
  if (!entry.is_object()) return aws::ConfigError(key, "must be a mapping");
  BillSourceSpec spec;
  ASSIGN_OR_RETURN(spec.name, aws::ConfigString(entry, "name", key));
  if (!IsPlainName(spec.name)) {
    return aws::ConfigError(key + ".name", "must be 1-63 of a-z, 0-9 and '-'");
  }
  ASSIGN_OR_RETURN(std::string directory, aws::ConfigString(entry, "directory", key));
  ASSIGN_OR_RETURN(spec.bucket, aws::ConfigString(entry, "bucket", key));
  if (directory.empty() == spec.bucket.empty()) {
    return aws::ConfigError(key, "needs exactly one of directory and bucket");
  }
  if (!directory.empty()) {
    std::filesystem::path path(directory);
    if (!path.is_absolute()) return aws::ConfigError(key + ".directory", "must be absolute");
    std::error_code ec;
    spec.directory = std::filesystem::weakly_canonical(path, ec).string();
    if (ec) return aws::ConfigError(key + ".directory", ec.message());
    return spec;
  }
  ASSIGN_OR_RETURN(spec.prefix, aws::ConfigString(entry, "prefix", key));
  ASSIGN_OR_RETURN(spec.s3.region, aws::ConfigString(entry, "region", key));
  ASSIGN_OR_RETURN(spec.s3.endpoint, aws::ConfigString(entry, "endpoint", key));
  if (spec.s3.region.empty()) spec.s3.region = "us-east-1";
  if (spec.s3.endpoint.empty()) spec.s3.endpoint = "https://s3.{region}.amazonaws.com";
  ASSIGN_OR_RETURN(spec.s3.credentials, aws::ConfigCredentials(entry, key, env));
  spec.s3.service = "s3";
  return spec;
}

}  // namespace

absl::StatusOr<BillSourcesConfig> ParseBillSources(const json& file, const aws::EnvLookup& env) {
  BillSourcesConfig config;
  if (!file.is_object() || !file.contains("cost") || !file["cost"].is_object()) return config;
  const json& cost = file["cost"];
  if (cost.contains("bill_sources_every_seconds")) {
    const json& every = cost["bill_sources_every_seconds"];
    if (!every.is_number_integer() || every.get<int64_t>() < 60) {
      return aws::ConfigError("cost.bill_sources_every_seconds", "must be a whole number >= 60");
    }
    config.every_ms = every.get<int64_t>() * 1000;
  }
  if (!cost.contains("bill_sources") || cost["bill_sources"].is_null()) return config;
  const json& list = cost["bill_sources"];
  if (!list.is_array()) return aws::ConfigError("cost.bill_sources", "must be a list");
  std::set<std::string> names;
  for (size_t i = 0; i < list.size(); ++i) {
    std::string key = absl::StrCat("cost.bill_sources[", i, "]");
    ASSIGN_OR_RETURN(BillSourceSpec spec, ParseSource(list[i], key, env));
    if (!names.insert(spec.name).second) {
      return aws::ConfigError(key + ".name", "'" + spec.name + "' is named twice");
    }
    config.sources.push_back(std::move(spec));
  }
  return config;
}

}  // namespace paved::cost
