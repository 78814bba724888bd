#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "providers/aws/signed_http.h"

namespace paved::aws {

// An object as ListObjectsV2 shows it.
struct S3Object {
  std::string key;
  std::string etag;  // without quotes; changes when the object is written again
  int64_t size = 0;
  int64_t modified_s = 0;  // LastModified as Unix seconds; 0 when absent
};

// Reading objects of an S3 (or S3-compatible) bucket, path-style (`/bucket/key`), for files
// that may be far larger than memory: a download goes to a file in ranged parts.
class S3Objects {
 public:
  // `options.service` must be "s3".
  S3Objects(http::Client* http, const Clock* clock, ServiceOptions options);

  // Every object under `prefix`, in key order (ListObjectsV2, all pages).
  absl::StatusOr<std::vector<S3Object>> List(const std::string& bucket, const std::string& prefix);

  // Writes `object` to `path` (created or truncated) with ranged GETs of `part_bytes` each, so
  // memory stays at one part whatever the size. FailedPrecondition when the object changed
  // while being read (its ETag differs from `object.etag`).
  absl::Status Download(const std::string& bucket, const S3Object& object, const std::string& path,
                        int64_t part_bytes = 16 << 20);

 private:
  absl::StatusOr<http::ClientResponse> Get(const std::string& path, http::ClientHeaders headers,
                                           const std::string& context);
  SignedHttp http_;
};

}  // namespace paved::aws
