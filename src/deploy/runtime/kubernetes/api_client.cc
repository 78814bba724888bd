#include "deploy/runtime/kubernetes/api_client.h"

#include "absl/strings/str_cat.h"
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

absl::StatusOr<http::ClientResponse> ApiClient::Send(const std::string& method,
                                                     const std::string& target,
                                                     const std::string& content_type,
                                                     const std::string& body,
                                                     const std::string& what) {
  http::ClientHeaders headers = {{"Authorization", "Bearer " + credentials_.token},
                                 {"Accept", "application/json"}};
  if (!content_type.empty()) headers.emplace_back("Content-Type", content_type);
  absl::StatusOr<http::ClientResponse> r =
      http_->Send(method, credentials_.server + target, headers, body, timeout_);
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
  ASSIGN_OR_RETURN(http::ClientResponse r,
                   Send("PATCH", target, "application/apply-patch+yaml", object.dump(), what));
  return JsonOf(r, what);
}

absl::StatusOr<nlohmann::json> ApiClient::Get(const std::string& path, const std::string& what) {
  ASSIGN_OR_RETURN(http::ClientResponse r, Send("GET", path, "", "", what));
  return JsonOf(r, what);
}

absl::StatusOr<std::string> ApiClient::GetText(const std::string& target, const std::string& what) {
  ASSIGN_OR_RETURN(http::ClientResponse r, Send("GET", target, "", "", what));
  RETURN_IF_ERROR(StatusFromResponse(r.status, r.body, what));
  return std::move(r.body);
}

absl::StatusOr<nlohmann::json> ApiClient::List(const std::string& collection,
                                               const std::string& label_selector,
                                               const std::string& what) {
  std::string target = collection;
  if (!label_selector.empty()) {
    absl::StrAppend(&target, "?labelSelector=", http::UrlEncode(label_selector));
  }
  ASSIGN_OR_RETURN(http::ClientResponse r, Send("GET", target, "", "", what));
  ASSIGN_OR_RETURN(nlohmann::json list, JsonOf(r, what));
  if (!list.contains("items") || !list["items"].is_array()) return nlohmann::json::array();
  return list["items"];
}

absl::Status ApiClient::Delete(const std::string& path, const std::string& what) {
  ASSIGN_OR_RETURN(http::ClientResponse r,
                   Send("DELETE", path + "?propagationPolicy=Background", "", "", what));
  if (r.status == 404) return absl::OkStatus();
  return StatusFromResponse(r.status, r.body, what);
}

}  // namespace paved::deploy::runtime::kubernetes
