#include "deploy/runtime/kubernetes/api_client.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/status_macros.h"

namespace paved::deploy::runtime::kubernetes {
namespace {

std::string ServerMessage(const std::string& body) {
  nlohmann::json status = nlohmann::json::parse(body, nullptr, false);
  if (status.is_object() && status.contains("message") && status["message"].is_string()) {
    return status["message"].get<std::string>();
  }
  return body.substr(0, 300);
}

}  // namespace

absl::Status StatusFromResponse(int status, const std::string& body, const std::string& what) {
  if (status >= 200 && status < 300) return absl::OkStatus();
  const std::string message = absl::StrCat(what, ": ", status, " ", ServerMessage(body));
  if (status >= 500 || status == 429) return absl::UnavailableError(message);
  switch (status) {
    case 401:
      return absl::UnauthenticatedError(message);
    case 403:
      return absl::PermissionDeniedError(message);
    case 404:
      return absl::NotFoundError(message);
    case 409:
      return absl::AbortedError(message);
    default:
      return absl::InvalidArgumentError(message);
  }
}

absl::StatusOr<http::ClientResponse> ApiClient::Send(
    const std::string& method, const std::string& target, const std::string& content_type,
    const std::string& body, const std::string& what, std::chrono::milliseconds timeout) {
  http::ClientHeaders headers = {{"Authorization", "Bearer " + credentials_.token},
                                 {"Accept", "application/json"}};
  if (!content_type.empty()) headers.emplace_back("Content-Type", content_type);
  absl::StatusOr<http::ClientResponse> r =
      http_->Send(method, credentials_.server + target, headers, body, timeout);
  if (!r.ok()) return absl::UnavailableError(absl::StrCat(what, ": ", r.status().message()));
  return r;
}

absl::StatusOr<nlohmann::json> ApiClient::JsonOf(const http::ClientResponse& r,
                                                 const std::string& what) {
  RETURN_IF_ERROR(StatusFromResponse(r.status, r.body, what));
  nlohmann::json parsed = nlohmann::json::parse(r.body, nullptr, false);
  if (parsed.is_discarded()) {
    return absl::UnavailableError(absl::StrCat(what, ": the API server answered no JSON"));
  }
  return parsed;
}

absl::StatusOr<nlohmann::json> ApiClient::Apply(const std::string& path,
                                                const nlohmann::json& object,
                                                const std::string& field_manager,
                                                const std::string& what) {
  const std::string target =
      absl::StrCat(path, "?fieldManager=", http::UrlEncode(field_manager), "&force=true");
  ASSIGN_OR_RETURN(http::ClientResponse r, Send("PATCH", target, "application/apply-patch+yaml",
                                                object.dump(), what, timeout_));
  return JsonOf(r, what);
}

absl::StatusOr<nlohmann::json> ApiClient::Get(const std::string& path, const std::string& what) {
  ASSIGN_OR_RETURN(http::ClientResponse r, Send("GET", path, "", "", what, timeout_));
  return JsonOf(r, what);
}

absl::StatusOr<std::string> ApiClient::GetText(const std::string& target, const std::string& what) {
  ASSIGN_OR_RETURN(http::ClientResponse r, Send("GET", target, "", "", what, timeout_));
  RETURN_IF_ERROR(StatusFromResponse(r.status, r.body, what));
  return std::move(r.body);
}

absl::StatusOr<nlohmann::json> ApiClient::List(const std::string& collection,
                                               const std::string& label_selector,
                                               const std::string& what,
                                               const std::string& field_selector) {
  std::string target = collection;
  const char* sep = "?";
  if (!label_selector.empty()) {
    absl::StrAppend(&target, sep, "labelSelector=", http::UrlEncode(label_selector));
    sep = "&";
  }
  if (!field_selector.empty()) {
    absl::StrAppend(&target, sep, "fieldSelector=", http::UrlEncode(field_selector));
  }
  ASSIGN_OR_RETURN(http::ClientResponse r, Send("GET", target, "", "", what, timeout_));
  ASSIGN_OR_RETURN(nlohmann::json list, JsonOf(r, what));
  if (!list.contains("items") || !list["items"].is_array()) return nlohmann::json::array();
  return list["items"];
}

absl::StatusOr<ApiClient::Page> ApiClient::ListPage(const std::string& collection, int limit,
                                                    const std::string& token,
                                                    const std::string& what) {
  std::string target = absl::StrCat(collection, "?limit=", limit);
  if (!token.empty()) absl::StrAppend(&target, "&continue=", http::UrlEncode(token));
  ASSIGN_OR_RETURN(http::ClientResponse r, Send("GET", target, "", "", what, timeout_));
  if (r.status == 410) {
    return absl::OutOfRangeError(absl::StrCat(what, ": 410 ", ServerMessage(r.body)));
  }
  ASSIGN_OR_RETURN(nlohmann::json list, JsonOf(r, what));
  Page page;
  if (list.contains("items") && list["items"].is_array()) page.items = std::move(list["items"]);
  const nlohmann::json metadata = list.value("metadata", nlohmann::json::object());
  if (metadata.is_object() && metadata.contains("continue") && metadata["continue"].is_string()) {
    page.next = metadata["continue"].get<std::string>();
  }
  return page;
}

absl::Status ApiClient::Delete(const std::string& path, const std::string& what) {
  ASSIGN_OR_RETURN(http::ClientResponse r,
                   Send("DELETE", path + "?propagationPolicy=Background", "", "", what, timeout_));
  if (r.status == 404) return absl::OkStatus();
  return StatusFromResponse(r.status, r.body, what);
}

absl::StatusOr<std::vector<nlohmann::json>> ApiClient::Watch(const std::string& collection,
                                                             const std::string& field_selector,
                                                             const std::string& resource_version,
                                                             int timeout_seconds,
                                                             const std::string& what) {
  std::string target = absl::StrCat(collection, "?watch=true&allowWatchBookmarks=true",
                                    "&timeoutSeconds=", timeout_seconds);
  if (!resource_version.empty()) {
    absl::StrAppend(&target, "&resourceVersion=", http::UrlEncode(resource_version));
  }
  if (!field_selector.empty()) {
    absl::StrAppend(&target, "&fieldSelector=", http::UrlEncode(field_selector));
  }
  // The server ends the stream after timeoutSeconds; allow one request timeout on top.
  const auto budget = std::chrono::seconds(timeout_seconds) + timeout_;
  ASSIGN_OR_RETURN(http::ClientResponse r, Send("GET", target, "", "", what, budget));
  if (r.status == 410) {
    return absl::OutOfRangeError(absl::StrCat(what, ": 410 ", ServerMessage(r.body)));
  }
  RETURN_IF_ERROR(StatusFromResponse(r.status, r.body, what));
  std::vector<nlohmann::json> events;
  for (absl::string_view line : absl::StrSplit(r.body, '\n', absl::SkipWhitespace())) {
    nlohmann::json event = nlohmann::json::parse(line, nullptr, false);
    if (!event.is_object()) {
      return absl::UnavailableError(absl::StrCat(what, ": the watch stream is not JSON lines"));
    }
    if (event.value("type", "") == "ERROR") {
      const nlohmann::json status = event.value("object", nlohmann::json::object());
      const std::string message =
          absl::StrCat(what, ": ", status.value("code", 0), " ", status.value("message", ""));
      if (status.value("code", 0) == 410) return absl::OutOfRangeError(message);
      return absl::UnavailableError(message);
    }
    events.push_back(std::move(event));
  }
  return events;
}

}  // namespace paved::deploy::runtime::kubernetes
