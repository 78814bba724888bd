#include "providers/aws/testing/fake_tagging_server.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace paved::aws::testing {
namespace {

constexpr char kTargetPrefix[] = "ResourceGroupsTaggingAPI_20170126.";

http::Response JsonAnswer(const nlohmann::json& body) {
  http::Response res;
  res.status = 200;
  res.SetHeader("Content-Type", "application/x-amz-json-1.1");
  res.body = body.dump();
  return res;
}

}  // namespace

http::Response AwsErrorResponse(int status, const std::string& code, const std::string& message) {
  http::Response res;
  res.status = status;
  res.SetHeader("Content-Type", "application/x-amz-json-1.1");
  res.SetHeader("x-amzn-ErrorType", code);
  res.body = nlohmann::json{
      {"__type", "com.amazonaws.resourcegroupstaggingapi#" + code},
      {"message",
       message}}.dump();
  return res;
}

FakeTaggingServer::~FakeTaggingServer() {
  if (server_) server_->Stop();
}

absl::Status FakeTaggingServer::Start() {
  http::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 2;
  server_ = http::NewServer(options, [this](http::Request& req) { return Handle(req); });
  auto port = server_->Start();
  if (!port.ok()) return port.status();
  port_ = *port;
  return absl::OkStatus();
}

std::string FakeTaggingServer::endpoint() const { return absl::StrCat("http://127.0.0.1:", port_); }

void FakeTaggingServer::AddResource(const std::string& region, const std::string& arn,
                                    std::map<std::string, std::string> tags) {
  absl::MutexLock lock(&mu_);
  resources_[region][arn] = std::move(tags);
}

std::map<std::string, std::string> FakeTaggingServer::TagsOf(const std::string& region,
                                                             const std::string& arn) const {
  absl::MutexLock lock(&mu_);
  auto r = resources_.find(region);
  if (r == resources_.end()) return {};
  auto it = r->second.find(arn);
  return it == r->second.end() ? std::map<std::string, std::string>{} : it->second;
}

void FakeTaggingServer::SetPageSize(int n) {
  absl::MutexLock lock(&mu_);
  page_size_ = n;
}

void FakeTaggingServer::FailNext(int http_status, const std::string& code,
                                 const std::string& message, int count) {
  absl::MutexLock lock(&mu_);
  for (int i = 0; i < count; ++i) injected_.push_back({http_status, code, message});
}

void FakeTaggingServer::FailTagging(const std::string& arn, const std::string& code,
                                    const std::string& message) {
  absl::MutexLock lock(&mu_);
  fail_tagging_[arn] = {code, message};
}

std::vector<FakeTaggingServer::Call> FakeTaggingServer::calls() const {
  absl::MutexLock lock(&mu_);
  return calls_;
}

int FakeTaggingServer::rejected_signatures() const {
  absl::MutexLock lock(&mu_);
  return rejected_signatures_;
}

http::Response FakeTaggingServer::Verify(const http::Request& req, std::string& region, bool& ok) {
  ok = false;
  ParsedAuthorization auth = ParseAuthorization(req.Header("Authorization"));
  if (!auth.ok) {
    return AwsErrorResponse(400, "IncompleteSignatureException",
                            "Authorization header requires Credential, SignedHeaders, Signature");
  }
  if (auth.access_key_id != credentials_.access_key_id) {
    return AwsErrorResponse(400, "UnrecognizedClientException",
                            "The security token included in the request is invalid.");
  }
  const auto& signed_headers = auth.signed_headers;
  auto is_signed = [&](const char* name) {
    return std::find(signed_headers.begin(), signed_headers.end(), name) != signed_headers.end();
  };
  std::string amz_date = req.Header("X-Amz-Date");
  if (!is_signed("host") || !is_signed("x-amz-date") || !is_signed("x-amz-target") ||
      amz_date.substr(0, 8) != auth.date || auth.service != "tagging") {
    return AwsErrorResponse(400, "IncompleteSignatureException",
                            "host, x-amz-date and x-amz-target must be signed for tagging");
  }
  if (!credentials_.session_token.empty() &&
      (!is_signed("x-amz-security-token") ||
       req.Header("X-Amz-Security-Token") != credentials_.session_token)) {
    return AwsErrorResponse(400, "UnrecognizedClientException",
                            "The security token included in the request is invalid.");
  }
  SigningRequest again{.method = req.method, .target = req.target, .headers = {}, .body = req.body};
  for (const std::string& name : signed_headers) again.headers.emplace_back(name, req.Header(name));
  Credentials key{credentials_.access_key_id, credentials_.secret_access_key, ""};
  SignedRequest expected =
      Sign(again, key, {.region = auth.region, .service = "tagging", .amz_date = amz_date});
  if (expected.signature != auth.signature) {
    return AwsErrorResponse(400, "InvalidSignatureException",
                            "The request signature we calculated does not match the signature "
                            "you provided.");
  }
  region = auth.region;
  ok = true;
  return {};
}

http::Response FakeTaggingServer::Handle(http::Request& req) {
  std::string region;
  bool ok = false;
  http::Response rejected = Verify(req, region, ok);
  absl::MutexLock lock(&mu_);
  if (!ok) {
    ++rejected_signatures_;
    calls_.push_back({"", "", nullptr, rejected.status});
    return rejected;
  }
  std::string target = req.Header("X-Amz-Target");
  std::string operation =
      absl::StartsWith(target, kTargetPrefix) ? target.substr(sizeof(kTargetPrefix) - 1) : target;
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
  http::Response res;
  if (!injected_.empty()) {
    Injected e = injected_.front();
    injected_.pop_front();
    res = AwsErrorResponse(e.status, e.code, e.message);
  } else if (req.method != "POST" || !body.is_object() ||
             req.Header("Content-Type") != "application/x-amz-json-1.1") {
    res = AwsErrorResponse(400, "SerializationException", "expected a JSON 1.1 POST");
  } else {
    res = Dispatch(operation, region, body);
  }
  calls_.push_back({operation, region, body, res.status});
  return res;
}

http::Response FakeTaggingServer::Dispatch(const std::string& operation, const std::string& region,
                                           const nlohmann::json& body) {
  if (operation == "GetResources") return GetResources(region, body);
  if (operation == "TagResources") return TagResources(region, body);
  if (operation == "UntagResources") return UntagResources(region, body);
  return AwsErrorResponse(400, "UnknownOperationException", "unknown operation " + operation);
}

http::Response FakeTaggingServer::GetResources(const std::string& region,
                                               const nlohmann::json& body) {
  int per_page = std::min(page_size_, body.value("ResourcesPerPage", 50));
  std::string token_text = body.value("PaginationToken", "");
  absl::string_view token = token_text;
  size_t offset = 0;
  if (!token.empty() &&
      (!absl::ConsumePrefix(&token, "page-") || !absl::SimpleAtoi(token, &offset))) {
    return AwsErrorResponse(400, "InvalidParameterException", "invalid PaginationToken");
  }
  const auto& all = resources_[region];
  nlohmann::json list = nlohmann::json::array();
  size_t index = 0;
  for (const auto& [arn, tags] : all) {
    if (index++ < offset) continue;
    if (static_cast<int>(list.size()) == per_page) break;
    nlohmann::json tag_list = nlohmann::json::array();
    for (const auto& [key, value] : tags) tag_list.push_back({{"Key", key}, {"Value", value}});
    list.push_back({{"ResourceARN", arn}, {"Tags", tag_list}});
  }
  size_t next = offset + list.size();
  return JsonAnswer({{"PaginationToken", next < all.size() ? absl::StrCat("page-", next) : ""},
                     {"ResourceTagMappingList", list}});
}

http::Response FakeTaggingServer::TagResources(const std::string& region,
                                               const nlohmann::json& body) {
  auto arns = body.value("ResourceARNList", nlohmann::json::array());
  auto tags = body.value("Tags", nlohmann::json::object());
  if (!arns.is_array() || arns.empty() || arns.size() > 20 || !tags.is_object() || tags.empty()) {
    return AwsErrorResponse(400, "InvalidParameterException",
                            "ResourceARNList must hold 1 to 20 ARNs and Tags at least one tag");
  }
  nlohmann::json failed = nlohmann::json::object();
  for (const auto& arn_json : arns) {
    std::string arn = arn_json.get<std::string>();
    auto f = fail_tagging_.find(arn);
    auto& regional = resources_[region];
    if (f != fail_tagging_.end() || !regional.count(arn)) {
      failed[arn] = {
          {"StatusCode", 400},
          {"ErrorCode", f != fail_tagging_.end() ? f->second.code : "InvalidParameterException"},
          {"ErrorMessage", f != fail_tagging_.end() ? f->second.message : "resource not found"}};
      continue;
    }
    for (const auto& [key, value] : tags.items()) regional[arn][key] = value.get<std::string>();
  }
  return JsonAnswer({{"FailedResourcesMap", failed}});
}

http::Response FakeTaggingServer::UntagResources(const std::string& region,
                                                 const nlohmann::json& body) {
  auto arns = body.value("ResourceARNList", nlohmann::json::array());
  auto keys = body.value("TagKeys", nlohmann::json::array());
  if (!arns.is_array() || arns.empty() || arns.size() > 20 || !keys.is_array() || keys.empty()) {
    return AwsErrorResponse(400, "InvalidParameterException",
                            "ResourceARNList must hold 1 to 20 ARNs and TagKeys at least one key");
  }
  nlohmann::json failed = nlohmann::json::object();
  auto& regional = resources_[region];
  for (const auto& arn_json : arns) {
    std::string arn = arn_json.get<std::string>();
    auto f = fail_tagging_.find(arn);
    if (f != fail_tagging_.end() || !regional.count(arn)) {
      failed[arn] = {
          {"StatusCode", 400},
          {"ErrorCode", f != fail_tagging_.end() ? f->second.code : "InvalidParameterException"},
          {"ErrorMessage", f != fail_tagging_.end() ? f->second.message : "resource not found"}};
      continue;
    }
    for (const auto& key : keys) regional[arn].erase(key.get<std::string>());
  }
  return JsonAnswer({{"FailedResourcesMap", failed}});
}

}  // namespace paved::aws::testing
