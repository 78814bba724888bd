#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "http/client.h"
#include "providers/aws/s3_objects.h"
#include "tests/support/moto_server.h"

namespace paved::test_support {

// A bucket of moto's real S3 server, for tests of code that reads buckets: what a test puts
// there goes in through boto3, independently of the code under test.
class MotoBucket {
 public:
  // Starts moto (its log in `dir`) and makes `bucket`. FailedPrecondition when moto is not
  // installed (a test may skip then); any other error when the bucket cannot be made.
  static absl::StatusOr<std::unique_ptr<MotoBucket>> Start(const std::string& dir,
                                                           const std::string& bucket);

  // Writes (or rewrites) the object `key`.
  absl::Status Put(const std::string& key, const std::string& body) const;
  // A client of moto's S3, path-style with SigV4 and moto's test keys, sending through `http`.
  std::unique_ptr<aws::S3Objects> Client(http::Client* http) const;

  const std::string& bucket() const { return bucket_; }
  const MotoServer& server() const { return *moto_; }

 private:
  MotoBucket(std::unique_ptr<MotoServer> moto, std::string bucket)
      : moto_(std::move(moto)), bucket_(std::move(bucket)) {}
  std::unique_ptr<MotoServer> moto_;
  std::string bucket_;
};

}  // namespace paved::test_support
