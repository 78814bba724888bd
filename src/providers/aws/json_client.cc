#include "providers/aws/json_client.h"

#include "absl/strings/str_cat.h"

namespace paved::aws {
namespace {

std::pair<std::string, std::string> ReadJsonError(const http::ClientResponse& res) {
  std::string code, message;
  nlohmann::json body = nlohmann::json::parse(res.body, nullptr, false);
  if (body.is_object()) {
    if (body.contains("__type") && body["__type"].is_string()) code = body["__type"];
    for (const char* key : {"message", "Message"}) {
      if (body.contains(key) && body[key].is_string()) message = body[key];
    }
  }
  if (code.empty()) code = res.Header("x-amzn-ErrorType");
  return {code, message};
}

}  // namespace

JsonClient::JsonClient(http::Client* http, const Clock* clock, ServiceOptions options,
                       std::string target_prefix, std::string json_version)
    : http_(http, clock, std::move(options), ReadJsonError),
      target_prefix_(std::move(target_prefix)),
      content_type_("application/x-amz-json-" + json_version) {}

absl::StatusOr<nlohmann::json> JsonClient::Call(const std::string& operation,
                                                const nlohmann::json& body,
                                                const std::string& region) {
  std::string context =
      absl::StrCat(operation, " ", region.empty() ? http_.options().region : region);
  AwsRequest req{
      .method = "POST",
      .path = "/",
      .headers = {{"Content-Type", content_type_}, {"X-Amz-Target", target_prefix_ + operation}},
      .body = body.dump(),
      .context = context,
      .region = region};
  auto res = http_.Send(req);
  if (!res.ok()) return res.status();
  // An operation without output members (TagResource) may answer with nothing: an empty body,
  // or (dynalite) `""`; botocore reads both as {}.
  nlohmann::json answer = res->body.empty() ? nlohmann::json::object()
                                            : nlohmann::json::parse(res->body, nullptr, false);
  if (answer == "" || answer.is_null()) return nlohmann::json::object();
  if (!answer.is_object()) {
    return absl::UnavailableError(absl::StrCat("AWS ", context, ": malformed JSON response"));
  }
  return answer;
}

}  // namespace paved::aws
