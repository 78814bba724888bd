#include "cli/api_client.h"

#include <algorithm>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "core/status_macros.h"

namespace paved::cli {
namespace {

constexpr std::chrono::seconds kTimeout{30};
constexpr size_t kMaxPage = 500;

absl::StatusCode CodeForHttpStatus(int status) {
  switch (status) {
    case 400:
    case 422:
      return absl::StatusCode::kInvalidArgument;
    case 401:
      return absl::StatusCode::kUnauthenticated;
    case 403:
      return absl::StatusCode::kPermissionDenied;
    case 404:
      return absl::StatusCode::kNotFound;
    case 409:
      return absl::StatusCode::kAlreadyExists;
    case 413:
    case 429:
      return absl::StatusCode::kResourceExhausted;
    case 503:
      return absl::StatusCode::kUnavailable;
    default:
      return status >= 500 ? absl::StatusCode::kInternal : absl::StatusCode::kFailedPrecondition;
  }
}

std::string StringField(const nlohmann::json& object, const char* name) {
  if (!object.is_object()) return "";
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

bool IsSuccess(int http_status) { return http_status >= 200 && http_status <= 299; }

absl::StatusOr<nlohmann::json> ParseBody(const std::string& body) {
  if (body.empty()) return nlohmann::json();
  nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return absl::InternalError("the server answered with invalid JSON");
  return json;
}

}  // namespace

absl::Status ErrorFromResponse(int http_status, absl::string_view body) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  const nlohmann::json error =
      json.is_object() ? json.value("error", nlohmann::json()) : nlohmann::json();
  std::string message = StringField(error, "message");
  if (message.empty()) message = absl::StrCat("the server answered HTTP ", http_status);
  const std::string field = StringField(error, "field");
  if (!field.empty()) absl::StrAppend(&message, " (field: ", field, ")");
  return absl::Status(CodeForHttpStatus(http_status), message);
}

std::string FormatError(const absl::Status& status) {
  return absl::StrCat("error: ", status.message());
}

absl::StatusOr<std::string> NormalizeServerUrl(absl::string_view url) {
  absl::string_view rest = url;
  if (!absl::ConsumePrefix(&rest, "https://") && !absl::ConsumePrefix(&rest, "http://")) {
    return absl::InvalidArgumentError(
        absl::StrCat("server URL must start with http:// or https://: ", url));
  }
  if (rest.empty() || rest.front() == '/') {
    return absl::InvalidArgumentError(absl::StrCat("server URL has no host: ", url));
  }
  while (absl::ConsumeSuffix(&url, "/")) {
  }
  return std::string(url);
}

std::string WithQuery(const std::string& path, const QueryParams& query) {
  std::string out = path;
  char separator = '?';
  for (const auto& [key, value] : query) {
    if (value.empty()) continue;
    absl::StrAppend(&out, std::string(1, separator), http::UrlEncode(key), "=",
                    http::UrlEncode(value));
    separator = '&';
  }
  return out;
}

ApiClient::ApiClient(http::Client& http, std::string server, std::string token)
    : http_(http), server_(std::move(server)), token_(std::move(token)) {}

absl::StatusOr<http::ClientResponse> ApiClient::Exchange(const std::string& method,
                                                         const std::string& path,
                                                         const RawBody* body,
                                                         const std::string& accept,
                                                         const http::ClientHeaders& extra_headers) {
  http::ClientHeaders headers = {{"Accept", accept}};
  if (!token_.empty()) headers.emplace_back("Authorization", "Bearer " + token_);
  if (body != nullptr) headers.emplace_back("Content-Type", body->content_type);
  headers.insert(headers.end(), extra_headers.begin(), extra_headers.end());
  return http_.Send(method, absl::StrCat(server_, "/api/v1", path), headers,
                    body != nullptr ? body->text : "", kTimeout);
}

absl::StatusOr<http::ClientResponse> ApiClient::Send(const std::string& method,
                                                     const std::string& path,
                                                     const nlohmann::json* body,
                                                     const http::ClientHeaders& extra_headers) {
  std::optional<RawBody> raw;
  if (body != nullptr) raw = RawBody{"application/json", body->dump()};
  ASSIGN_OR_RETURN(http::ClientResponse response, Exchange(method, path, raw ? &*raw : nullptr,
                                                           "application/json", extra_headers));
  if (!IsSuccess(response.status)) return ErrorFromResponse(response.status, response.body);
  return response;
}

absl::StatusOr<std::string> ApiClient::GetText(const std::string& path, const std::string& accept) {
  ASSIGN_OR_RETURN(http::ClientResponse response, Exchange("GET", path, nullptr, accept));
  if (!IsSuccess(response.status)) return ErrorFromResponse(response.status, response.body);
  return std::move(response.body);
}

absl::StatusOr<nlohmann::json> ApiClient::Call(const std::string& method, const std::string& path,
                                               const nlohmann::json* body,
                                               const http::ClientHeaders& extra_headers) {
  ASSIGN_OR_RETURN(http::ClientResponse response, Send(method, path, body, extra_headers));
  return ParseBody(response.body);
}

absl::StatusOr<nlohmann::json> ApiClient::List(const std::string& path, QueryParams query,
                                               size_t limit, const std::string& cursor) {
  nlohmann::json items = nlohmann::json::array();
  nlohmann::json next = cursor.empty() ? nlohmann::json() : nlohmann::json(cursor);
  query.emplace_back("limit", "");
  query.emplace_back("cursor", "");
  do {
    query[query.size() - 2].second = std::to_string(std::min(kMaxPage, limit - items.size()));
    query.back().second = next.is_string() ? next.get<std::string>() : "";
    ASSIGN_OR_RETURN(nlohmann::json page, Get(WithQuery(path, query)));
    if (page.is_array()) return nlohmann::json{{"items", page}, {"next_cursor", nullptr}};
    if (!page.is_object() || !page.contains("items") || !page["items"].is_array()) {
      return absl::InternalError(absl::StrCat("unexpected list answer from ", path));
    }
    next = page.value("next_cursor", nlohmann::json());
    if (page["items"].empty()) break;  // never loop on a cursor that yields nothing
    for (auto& item : page["items"]) items.push_back(std::move(item));
  } while (next.is_string() && items.size() < limit);
  return nlohmann::json{{"items", std::move(items)}, {"next_cursor", std::move(next)}};
}

}  // namespace paved::cli
