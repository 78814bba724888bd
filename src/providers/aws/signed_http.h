#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "http/client.h"
#include "providers/aws/sigv4.h"

namespace paved::aws {

// Where and as whom one AWS service is called.
struct ServiceOptions {
  // Base URL; "{region}" is replaced by the region of each call. Tests and proxies point it
  // elsewhere (one endpoint may serve every service, as moto does).
  std::string endpoint;
  Credentials credentials;
  std::string region;   // region of calls that name none (global services sign us-east-1)
  std::string service;  // signing name: elasticache, s3, cloudfront, route53, dynamodb, ...
  std::chrono::milliseconds timeout{30'000};  // per HTTP request
  int max_attempts = 3;                       // per call, for retryable errors
  int64_t retry_backoff_ms = 200;             // doubled after each retry
};

// One request to a service: `path` (with an optional "?query") is appended to the endpoint's
// path; `context` names the call in errors ("CreateBucket paved-x").
struct AwsRequest {
  std::string method = "POST";
  std::string path = "/";
  http::ClientHeaders headers;
  std::string body;
  std::string context;
  std::string region;  // "" = the service's
};

// What a protocol reads from an error answer: AWS's code and message ("" when it has none).
using ErrorReader =
    std::function<std::pair<std::string, std::string>(const http::ClientResponse& res)>;

// Signs (SigV4) and sends requests to one service, retrying retryable failures with doubling
// backoff up to max_attempts. Returns a 2xx answer; any other answer becomes a status through
// AwsErrorStatus (aws_error.h) with the code and message `read_error` finds. Connection
// failures and timeouts are Unavailable / DeadlineExceeded. Messages and logs never hold the
// secret key or the session token. Thread-safe when `http` is.
class SignedHttp {
 public:
  SignedHttp(http::Client* http, const Clock* clock, ServiceOptions options, ErrorReader read_error)
      : http_(http),
        clock_(clock),
        options_(std::move(options)),
        read_error_(std::move(read_error)) {}

  absl::StatusOr<http::ClientResponse> Send(const AwsRequest& request);
  const ServiceOptions& options() const { return options_; }

 private:
  absl::StatusOr<http::ClientResponse> SendOnce(const AwsRequest& request);

  http::Client* http_;
  const Clock* clock_;
  ServiceOptions options_;
  ErrorReader read_error_;
};

}  // namespace paved::aws
