#include "providers/aws/signed_http.h"

#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "providers/aws/aws_error.h"
#include "spdlog/spdlog.h"

namespace paved::aws {

absl::StatusOr<http::ClientResponse> SignedHttp::SendOnce(const AwsRequest& request) {
  const std::string& region = request.region.empty() ? options_.region : request.region;
  auto [host, base] = HostAndPath(EndpointUrl(options_.endpoint, region));
  std::string target = absl::StrCat(absl::StripSuffix(base, "/"), request.path);
  std::string url = EndpointUrl(options_.endpoint, region);
  url = absl::StrCat(url.substr(0, url.size() - base.size()), target);
  SigningRequest req{
      .method = request.method, .target = target, .headers = request.headers, .body = request.body};
  req.headers.emplace_back("Host", host);
  SignedRequest signed_req = Sign(req, options_.credentials,
                                  {.region = region,
                                   .service = options_.service,
                                   .amz_date = AmzDate(clock_->NowMs()),
                                   .normalize_path = options_.service != "s3"});
  http::ClientHeaders headers = req.headers;
  headers.insert(headers.end(), signed_req.added_headers.begin(), signed_req.added_headers.end());
  headers.emplace_back("Authorization", signed_req.authorization);
  std::string context = request.context.empty() ? request.method + " " + target : request.context;
  auto res = http_->Send(request.method, url, headers, request.body, options_.timeout);
  if (!res.ok()) {
    return absl::Status(res.status().code(),
                        absl::StrCat("AWS ", context, ": ", res.status().message()));
  }
  if (res->status >= 200 && res->status < 300) return res;
  auto [code, message] = read_error_(*res);
  return AwsErrorStatus(res->status, code, message, context);
}

absl::StatusOr<http::ClientResponse> SignedHttp::Send(const AwsRequest& request) {
  int64_t backoff_ms = options_.retry_backoff_ms;
  for (int attempt = 1;; ++attempt) {
    auto result = SendOnce(request);
    if (result.ok() || !IsRetryable(result.status()) || attempt >= options_.max_attempts) {
      return result;
    }
    spdlog::warn("aws {} {}: attempt {} failed ({}), retrying", options_.service, request.context,
                 attempt, std::string(result.status().message()));
    std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
    backoff_ms *= 2;
  }
}

}  // namespace paved::aws
