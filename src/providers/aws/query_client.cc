#include "providers/aws/query_client.h"

#include "absl/strings/str_cat.h"

namespace paved::aws {
namespace {

// The code and message of an XML error answer (Query's ErrorResponse, S3's bare Error).
std::pair<std::string, std::string> ReadXmlError(const http::ClientResponse& res) {
  absl::StatusOr<XmlElement> doc = ParseXml(res.body);
  if (!doc.ok()) return {"", ""};
  const XmlElement* error = doc->name == "Error" ? &*doc : doc->Find("Error");
  if (!error) return {"", ""};
  return {error->Text("Code"), error->Text("Message")};
}

}  // namespace

QueryClient::QueryClient(http::Client* http, const Clock* clock, ServiceOptions options,
                         std::string api_version)
    : http_(http, clock, std::move(options), ReadXmlError), api_version_(std::move(api_version)) {}

absl::StatusOr<XmlElement> QueryClient::Call(const std::string& action, const QueryParams& params) {
  std::string body =
      absl::StrCat("Action=", http::UrlEncode(action), "&Version=", http::UrlEncode(api_version_));
  for (const auto& [name, value] : params) {
    absl::StrAppend(&body, "&", http::UrlEncode(name), "=", http::UrlEncode(value));
  }
  AwsRequest req{.method = "POST",
                 .path = "/",
                 .headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
                 .body = body,
                 .context = absl::StrCat(action, " ", http_.options().region)};
  auto res = http_.Send(req);
  if (!res.ok()) return res.status();
  absl::StatusOr<XmlElement> doc = ParseXml(res->body);
  if (!doc.ok()) {
    return absl::UnavailableError(absl::StrCat("AWS ", req.context, ": answer is not XML"));
  }
  if (const XmlElement* result = doc->Child(action + "Result")) return *result;
  return *doc;
}

}  // namespace paved::aws
