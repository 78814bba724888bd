#include "providers/aws/tagging_client.h"

#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/status_macros.h"
#include "spdlog/spdlog.h"

namespace paved::aws {
namespace {

constexpr char kCodePayload[] = "paved.dev/aws_error_code";
constexpr char kTargetPrefix[] = "ResourceGroupsTaggingAPI_20170126.";
constexpr char kService[] = "tagging";

const std::set<std::string>& RetryableCodes() {
  static const auto* codes = new std::set<std::string>{"ThrottlingException",
                                                       "ThrottledException",
                                                       "RequestLimitExceeded",
                                                       "TooManyRequestsException",
                                                       "InternalServiceException",
                                                       "ServiceUnavailable",
                                                       "RequestTimeout"};
  return *codes;
}

const std::set<std::string>& AuthCodes() {
  static const auto* codes =
      new std::set<std::string>{"AccessDeniedException",     "UnrecognizedClientException",
                                "InvalidSignatureException", "IncompleteSignatureException",
                                "SignatureDoesNotMatch",     "MissingAuthenticationTokenException",
                                "ExpiredTokenException",     "InvalidClientTokenId"};
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

absl::Status AwsError(const http::ClientResponse& res, const std::string& context) {
  std::string code, message;
  nlohmann::json body = nlohmann::json::parse(res.body, nullptr, false);
  if (body.is_object()) {
    if (body.contains("__type") && body["__type"].is_string()) code = CleanCode(body["__type"]);
    for (const char* key : {"message", "Message"}) {
      if (body.contains(key) && body[key].is_string()) message = body[key];
    }
  }
  if (code.empty()) code = CleanCode(res.Header("x-amzn-ErrorType"));
  if (code.empty()) code = absl::StrCat("HTTP", res.status);
  absl::StatusCode status_code = absl::StatusCode::kFailedPrecondition;
  if (res.status >= 500 || RetryableCodes().count(code)) {
    status_code = absl::StatusCode::kUnavailable;
  } else if (AuthCodes().count(code)) {
    status_code = absl::StatusCode::kPermissionDenied;
  } else if (code == "InvalidParameterException" || code == "ValidationException") {
    status_code = absl::StatusCode::kInvalidArgument;
  }
  absl::Status s(status_code, absl::StrCat("AWS ", code, " (HTTP ", res.status, ", ", context, ")",
                                           message.empty() ? "" : ": ", message));
  s.SetPayload(kCodePayload, absl::Cord(code));
  return s;
}

// "https://host:port/path" → ("host:port", "/path").
std::pair<std::string, std::string> HostAndPath(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t slash = url.find('/', start);
  if (slash == std::string::npos) return {url.substr(start), "/"};
  return {url.substr(start, slash - start), url.substr(slash)};
}

// Appends one GetResources page to `out` and sets `token` to its PaginationToken.
absl::Status ParseMappings(const nlohmann::json& page, const std::string& region,
                           std::vector<ResourceTagMapping>& out, std::string& token) {
  try {
    const nlohmann::json list = page.value("ResourceTagMappingList", nlohmann::json::array());
    for (const auto& item : list) {
      ResourceTagMapping m;
      m.arn = item.value("ResourceARN", "");
      const nlohmann::json tags = item.value("Tags", nlohmann::json::array());
      for (const auto& tag : tags) {
        m.tags[tag.value("Key", "")] = tag.value("Value", "");
      }
      if (!m.arn.empty()) out.push_back(std::move(m));
    }
    token = page.value("PaginationToken", "");
  } catch (const nlohmann::json::exception& e) {
    return absl::UnavailableError("AWS GetResources " + region + ": unexpected response shape");
  }
  return absl::OkStatus();
}

absl::Status ParseFailed(const nlohmann::json& res, const std::string& region,
                         std::map<std::string, FailedResource>& failed) {
  try {
    const nlohmann::json map = res.value("FailedResourcesMap", nlohmann::json::object());
    for (const auto& [arn, f] : map.items()) {
      failed[arn] = FailedResource{.status_code = f.value("StatusCode", 0),
                                   .error_code = f.value("ErrorCode", ""),
                                   .error_message = f.value("ErrorMessage", "")};
    }
  } catch (const nlohmann::json::exception& e) {
    return absl::UnavailableError("AWS TagResources " + region + ": unexpected response shape");
  }
  return absl::OkStatus();
}

}  // namespace

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

absl::StatusOr<nlohmann::json> TaggingClient::CallOnce(const std::string& region,
                                                       const std::string& operation,
                                                       const std::string& payload) {
  std::string url = EndpointUrl(options_.endpoint, region);
  auto [host, path] = HostAndPath(url);
  SigningRequest req{.method = "POST",
                     .target = path,
                     .headers = {{"Host", host},
                                 {"Content-Type", "application/x-amz-json-1.1"},
                                 {"X-Amz-Target", kTargetPrefix + operation}},
                     .body = payload};
  SignedRequest signed_req =
      Sign(req, options_.credentials,
           {.region = region, .service = kService, .amz_date = AmzDate(clock_->NowMs())});
  http::ClientHeaders headers = req.headers;
  headers.insert(headers.end(), signed_req.added_headers.begin(), signed_req.added_headers.end());
  headers.emplace_back("Authorization", signed_req.authorization);
  std::string context = operation + " " + region;
  auto res = http_->Send("POST", url, headers, payload, options_.timeout);
  if (!res.ok()) {
    return absl::Status(res.status().code(),
                        absl::StrCat("AWS ", context, ": ", res.status().message()));
  }
  if (res->status < 200 || res->status >= 300) return AwsError(*res, context);
  nlohmann::json body = nlohmann::json::parse(res->body, nullptr, false);
  if (!body.is_object()) {
    return absl::UnavailableError(absl::StrCat("AWS ", context, ": malformed JSON response"));
  }
  return body;
}

absl::StatusOr<nlohmann::json> TaggingClient::Call(const std::string& region,
                                                   const std::string& operation,
                                                   const nlohmann::json& body) {
  const std::string payload = body.dump();
  int64_t backoff_ms = options_.retry_backoff_ms;
  for (int attempt = 1;; ++attempt) {
    auto result = CallOnce(region, operation, payload);
    if (result.ok() || !IsRetryable(result.status()) || attempt >= options_.max_attempts) {
      return result;
    }
    spdlog::warn("aws tagging {} {}: attempt {} failed ({}), retrying", operation, region, attempt,
                 std::string(result.status().message()));
    std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
    backoff_ms *= 2;
  }
}

absl::StatusOr<std::vector<ResourceTagMapping>> TaggingClient::GetResources(
    const std::string& region) {
  std::vector<ResourceTagMapping> out;
  std::string token;
  std::set<std::string> seen_tokens;
  do {
    nlohmann::json request = {{"ResourcesPerPage", options_.resources_per_page}};
    if (!token.empty()) request["PaginationToken"] = token;
    ASSIGN_OR_RETURN(nlohmann::json page, Call(region, "GetResources", request));
    RETURN_IF_ERROR(ParseMappings(page, region, out, token));
    if (!token.empty() && !seen_tokens.insert(token).second) {
      return absl::UnavailableError("AWS GetResources " + region + ": pagination token repeated");
    }
  } while (!token.empty());
  return out;
}

absl::StatusOr<std::map<std::string, FailedResource>> TaggingClient::Batched(
    const std::string& region, const std::string& operation, const std::vector<std::string>& arns,
    const nlohmann::json& extra) {
  std::map<std::string, FailedResource> failed;
  for (size_t start = 0; start < arns.size(); start += kMaxArnsPerTagCall) {
    size_t end = std::min(arns.size(), start + kMaxArnsPerTagCall);
    nlohmann::json request = extra;
    request["ResourceARNList"] = std::vector<std::string>(arns.begin() + start, arns.begin() + end);
    ASSIGN_OR_RETURN(nlohmann::json res, Call(region, operation, request));
    RETURN_IF_ERROR(ParseFailed(res, region, failed));
  }
  return failed;
}

absl::StatusOr<std::map<std::string, FailedResource>> TaggingClient::TagResources(
    const std::string& region, const std::vector<std::string>& arns,
    const std::map<std::string, std::string>& tags) {
  return Batched(region, "TagResources", arns, {{"Tags", tags}});
}

absl::StatusOr<std::map<std::string, FailedResource>> TaggingClient::UntagResources(
    const std::string& region, const std::vector<std::string>& arns,
    const std::vector<std::string>& keys) {
  return Batched(region, "UntagResources", arns, {{"TagKeys", keys}});
}

}  // namespace paved::aws
