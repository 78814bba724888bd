#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "http/client.h"
#include "nlohmann/json.hpp"
#include "providers/aws/aws_error.h"
#include "providers/aws/json_client.h"
#include "providers/aws/sigv4.h"

namespace paved::aws {

struct TaggingOptions {
  // "{region}" is replaced by the region of each call. Tests and proxies point it elsewhere.
  std::string endpoint = "https://tagging.{region}.amazonaws.com";
  Credentials credentials;
  std::chrono::milliseconds timeout{30'000};  // per HTTP request
  int max_attempts = 3;                       // per call, for retryable errors
  int64_t retry_backoff_ms = 200;             // doubled after each retry
  int resources_per_page = 100;               // GetResources ResourcesPerPage (1..100)
};

// One entry of GetResources' ResourceTagMappingList.
struct ResourceTagMapping {
  std::string arn;
  std::map<std::string, std::string> tags;
};

// One entry of TagResources' FailedResourcesMap.
struct FailedResource {
  int status_code = 0;
  std::string error_code;
  std::string error_message;
};

// The AWS Resource Groups Tagging API (JSON 1.1 protocol, SigV4 for service "tagging").
//
// Errors: the AWS error code is kept in the status payload (AwsErrorCode()) and in the message;
// throttling, 5xx, timeouts and connection failures are Unavailable (retryable, retried here up
// to max_attempts); bad credentials or signatures and AccessDenied are PermissionDenied;
// InvalidParameter/Validation are InvalidArgument; other 4xx FailedPrecondition. Messages and
// logs never contain the secret key or the session token.
// Thread-safe when `http` is.
class TaggingClient {
 public:
  TaggingClient(http::Client* http, const Clock* clock, TaggingOptions options);

  // Every tagged resource in `region`, following PaginationToken until it comes back empty.
  absl::StatusOr<std::vector<ResourceTagMapping>> GetResources(const std::string& region);

  // Adds or overwrites `tags` on every ARN, in calls of at most 20 ARNs (the API's limit).
  // On success returns the resources AWS could not tag (its FailedResourcesMap, merged), keyed by
  // ARN; empty when all were tagged.
  absl::StatusOr<std::map<std::string, FailedResource>> TagResources(
      const std::string& region, const std::vector<std::string>& arns,
      const std::map<std::string, std::string>& tags);

  // Removes the tag keys from every ARN (absent keys are fine), in calls of at most 20 ARNs.
  // Returns AWS's FailedResourcesMap like TagResources.
  absl::StatusOr<std::map<std::string, FailedResource>> UntagResources(
      const std::string& region, const std::vector<std::string>& arns,
      const std::vector<std::string>& keys);

  static constexpr size_t kMaxArnsPerTagCall = 20;

 private:
  // TagResources / UntagResources in batches of kMaxArnsPerTagCall; `extra` holds the other fields.
  absl::StatusOr<std::map<std::string, FailedResource>> Batched(
      const std::string& region, const std::string& operation, const std::vector<std::string>& arns,
      const nlohmann::json& extra);

  TaggingOptions options_;
  JsonClient json_;
};

}  // namespace paved::aws
