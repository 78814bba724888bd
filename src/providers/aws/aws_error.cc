#include "providers/aws/aws_error.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace paved::aws {
namespace {

constexpr char kCodePayload[] = "paved.dev/aws_error_code";

const std::set<std::string>& RetryableCodes() {
  static const auto* codes = new std::set<std::string>{"ThrottlingException",
                                                       "ThrottledException",
                                                       "Throttling",
                                                       "RequestLimitExceeded",
                                                       "TooManyRequestsException",
                                                       "ProvisionedThroughputExceededException",
                                                       "SlowDown",
                                                       "InternalServiceException",
                                                       "InternalFailure",
                                                       "InternalError",
                                                       "ServiceUnavailable",
                                                       "RequestTimeout"};
  return *codes;
}

const std::set<std::string>& AuthCodes() {
  static const auto* codes = new std::set<std::string>{
      "AccessDeniedException",     "AccessDenied",          "UnrecognizedClientException",
      "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignatureException",
      "InvalidAccessKeyId",        "ExpiredTokenException", "MissingAuthenticationTokenException",
      "InvalidClientTokenId",      "ExpiredToken"};
  return *codes;
}

// "com.amazonaws.tagging#ThrottlingException" / "ThrottlingException:http://..." → code.
std::string CleanCode(std::string code) {
  size_t hash = code.rfind('#');
  if (hash != std::string::npos) code = code.substr(hash + 1);
  size_t colon = code.find(':');
  if (colon != std::string::npos) code = code.substr(0, colon);
  return code;
}

absl::StatusCode CodeFor(int http_status, const std::string& code) {
  if (http_status >= 500 || RetryableCodes().count(code)) return absl::StatusCode::kUnavailable;
  if (AuthCodes().count(code)) return absl::StatusCode::kPermissionDenied;
  if (absl::StartsWith(code, "InvalidParameter") || absl::StartsWith(code, "Validation")) {
    return absl::StatusCode::kInvalidArgument;
  }
  return absl::StatusCode::kFailedPrecondition;
}

}  // namespace

absl::Status AwsErrorStatus(int http_status, std::string code, const std::string& message,
                            const std::string& context) {
  code = CleanCode(std::move(code));
  if (code.empty()) code = absl::StrCat("HTTP", http_status);
  absl::Status s(CodeFor(http_status, code),
                 absl::StrCat("AWS ", code, " (HTTP ", http_status, ", ", context, ")",
                              message.empty() ? "" : ": ", message));
  s.SetPayload(kCodePayload, absl::Cord(code));
  return s;
}

std::string AwsErrorCode(const absl::Status& status) {
  auto payload = status.GetPayload(kCodePayload);
  return payload ? std::string(*payload) : "";
}

bool IsRetryable(const absl::Status& status) {
  return absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status);
}

std::string EndpointUrl(const std::string& endpoint, const std::string& region) {
  std::string url = absl::StrReplaceAll(endpoint, {{"{region}", region}});
  size_t start = url.find("://");
  if (url.find('/', start == std::string::npos ? 0 : start + 3) == std::string::npos) url += "/";
  return url;
}

std::pair<std::string, std::string> HostAndPath(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t slash = url.find('/', start);
  if (slash == std::string::npos) return {url.substr(start), "/"};
  return {url.substr(start, slash - start), url.substr(slash)};
}

}  // namespace paved::aws
