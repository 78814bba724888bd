#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "http/client.h"
#include "nlohmann/json.hpp"
#include "providers/aws/account_config.h"
#include "providers/aws/signed_http.h"
#include "sources/file_source.h"

namespace paved::sources {

// Where a configured source's files are: a directory, or an S3 bucket and prefix.
struct SourceSpec {
  std::string name;
  std::string directory;  // absolute and canonical; "" for a bucket
  std::string bucket, prefix;
  aws::ServiceOptions s3;  // endpoint, keys and region of the bucket
};

// One entry of a config list of sources at `key` ("cost.bill_sources[1]"):
//   {name: exports, directory: /var/lib/paved/bills}
//   {name: cur, bucket: acme-cur, prefix: cur/, region: us-east-1,
//    endpoint: "https://s3.{region}.amazonaws.com", access_key_id: ..., secret_access_key: ...}
// A bucket's keys, when the entry names none, come from AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY (`env`). InvalidArgument "config <key>.<field>: ..." for a missing or
// malformed name (1-63 of a-z, 0-9, '-'), both or neither of directory and bucket, a relative
// directory. Other fields of the entry are the caller's.
absl::StatusOr<SourceSpec> ParseSourceSpec(const nlohmann::json& entry, const std::string& key,
                                           const aws::EnvLookup& env);

// The period `field` of the config mapping `section` (found at `key`, "cost"), given in whole
// seconds of at least 60, in milliseconds; `default_ms` when absent. InvalidArgument
// "config <key>.<field>: ..." otherwise.
absl::StatusOr<int64_t> ParsePeriodMs(const nlohmann::json& section, const std::string& key,
                                      const char* field, int64_t default_ms);

// The source `spec` names, listing files that end in one of `suffixes`; a bucket's requests go
// through `http` (kept by the caller).
std::unique_ptr<FileSource> OpenSource(const SourceSpec& spec, http::Client* http,
                                       const Clock* clock, Suffixes suffixes);

// "directory" or "s3", and where: the directory, or "s3://bucket/prefix".
std::string SourceKind(const SourceSpec& spec);
std::string SourceLocation(const SourceSpec& spec);

}  // namespace paved::sources
