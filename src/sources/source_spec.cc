#include "sources/source_spec.h"

#include <cctype>
#include <filesystem>

#include "core/status_macros.h"

namespace paved::sources {
namespace {

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

}  // namespace

absl::StatusOr<SourceSpec> ParseSourceSpec(const nlohmann::json& entry, const std::string& key,
                                           const aws::EnvLookup& env) {
  if (!entry.is_object()) return aws::ConfigError(key, "must be a mapping");
  SourceSpec spec;
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

absl::StatusOr<int64_t> ParsePeriodMs(const nlohmann::json& section, const std::string& key,
                                      const char* field, int64_t default_ms) {
  if (!section.contains(field)) return default_ms;
  const nlohmann::json& every = section[field];
  if (!every.is_number_integer() || every.get<int64_t>() < 60) {
    return aws::ConfigError(key + "." + field, "must be a whole number >= 60");
  }
  return every.get<int64_t>() * 1000;
}

std::unique_ptr<FileSource> OpenSource(const SourceSpec& spec, http::Client* http,
                                       const Clock* clock, Suffixes suffixes) {
  if (!spec.directory.empty()) {
    return NewDirectorySource(spec.name, spec.directory, std::move(suffixes));
  }
  return NewS3Source(spec.name, std::make_unique<aws::S3Objects>(http, clock, spec.s3), spec.bucket,
                     spec.prefix, std::move(suffixes));
}

std::string SourceKind(const SourceSpec& spec) {
  return spec.directory.empty() ? "s3" : "directory";
}

std::string SourceLocation(const SourceSpec& spec) {
  return spec.directory.empty() ? "s3://" + spec.bucket + "/" + spec.prefix : spec.directory;
}

}  // namespace paved::sources
