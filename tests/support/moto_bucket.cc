#include "tests/support/moto_bucket.h"

#include "core/clock.h"

namespace paved::test_support {

absl::StatusOr<std::unique_ptr<MotoBucket>> MotoBucket::Start(const std::string& dir,
                                                              const std::string& bucket) {
  absl::StatusOr<std::unique_ptr<MotoServer>> moto = MotoServer::Start(dir);
  if (!moto.ok()) return moto.status();
  absl::StatusOr<nlohmann::json> made = (*moto)->Boto("s3", "create_bucket", {{"Bucket", bucket}});
  if (!made.ok()) return absl::InternalError(std::string(made.status().message()));
  if (made->contains("Error")) return absl::InternalError("create_bucket: " + made->dump());
  return std::unique_ptr<MotoBucket>(new MotoBucket(std::move(*moto), bucket));
}

absl::Status MotoBucket::Put(const std::string& key, const std::string& body) const {
  absl::StatusOr<nlohmann::json> put =
      moto_->Boto("s3", "put_object", {{"Bucket", bucket_}, {"Key", key}, {"Body", body}});
  if (!put.ok()) return put.status();
  if (put->contains("Error")) return absl::InternalError("put_object: " + put->dump());
  return absl::OkStatus();
}

std::unique_ptr<aws::S3Objects> MotoBucket::Client(http::Client* http) const {
  return std::make_unique<aws::S3Objects>(
      http, SystemClock::Get(),
      aws::ServiceOptions{.endpoint = moto_->endpoint(),
                          .credentials = {"AKIDEXAMPLE", "secret", ""},
                          .region = kMotoRegion,
                          .service = "s3",
                          .retry_backoff_ms = 1});
}

}  // namespace paved::test_support
