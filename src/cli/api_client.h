#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "http/client.h"
#include "nlohmann/json.hpp"

namespace paved::cli {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// The Status for an HTTP error answer. The code follows the HTTP status (401 → Unauthenticated,
// 403 → PermissionDenied, 404 → NotFound, 409 → AlreadyExists, 400/422 → InvalidArgument,
// 413/429 → ResourceExhausted, 503 → Unavailable, other 5xx → Internal, other 4xx →
// FailedPrecondition). The message is the body's error.message, followed by " (field: F)" when
// error.field is set; "server answered HTTP N" when the body is not the API error shape.
absl::Status ErrorFromResponse(int http_status, absl::string_view body);

// The line(s) the CLI prints on stderr for a failed command: "error: <message>".
std::string FormatError(const absl::Status& status);

// `url` without trailing slashes. InvalidArgument unless it starts with http:// or https:// and
// names a host.
absl::StatusOr<std::string> NormalizeServerUrl(absl::string_view url);

// "path?k=v&..." with values URL-encoded; pairs with empty values are left out.
std::string WithQuery(const std::string& path, const QueryParams& query);

// A request body sent as it is (e.g. YAML), with its media type.
struct RawBody {
  std::string content_type;
  std::string text;
};

// Calls the Paved API (/api/v1) with JSON (or raw) bodies and, when a token is set, a bearer
// token.
class ApiClient {
 public:
  // `server` must be normalized (NormalizeServerUrl); `token` may be empty.
  ApiClient(http::Client& http, std::string server, std::string token);

  // Sends `method` to /api/v1`path` (path starts with '/', may hold a query). `body`, when not
  // null, is sent as JSON. On a 2xx answer returns the raw response; otherwise the error from
  // ErrorFromResponse() or the transport error.
  absl::StatusOr<http::ClientResponse> Send(const std::string& method, const std::string& path,
                                            const nlohmann::json* body,
                                            const http::ClientHeaders& extra_headers = {});

  // Sends `method` to /api/v1`path` with `body` (when not null) as it is, asking for `accept`.
  // Returns the answer whatever its HTTP status; fails only on a transport error.
  absl::StatusOr<http::ClientResponse> Exchange(const std::string& method, const std::string& path,
                                                const RawBody* body, const std::string& accept,
                                                const http::ClientHeaders& extra_headers = {});

  // GETs /api/v1`path` asking for `accept` and returns the 2xx body as it is (e.g. YAML).
  absl::StatusOr<std::string> GetText(const std::string& path,
                                      const std::string& accept = "application/yaml");

  // Like Send() but returns the parsed body (null for an empty body, e.g. 204). Internal when a
  // 2xx body is not JSON.
  absl::StatusOr<nlohmann::json> Call(const std::string& method, const std::string& path,
                                      const nlohmann::json* body = nullptr,
                                      const http::ClientHeaders& extra_headers = {});
  absl::StatusOr<nlohmann::json> Get(const std::string& path) { return Call("GET", path); }
  absl::StatusOr<nlohmann::json> Post(const std::string& path, const nlohmann::json& body) {
    return Call("POST", path, &body);
  }
  absl::Status Delete(const std::string& path) { return Call("DELETE", path).status(); }

  // Reads up to `limit` items of a list endpoint, following next_cursor from `cursor`, in pages
  // of at most 500. Returns {"items":[...],"next_cursor":C} where C is where a further call
  // would continue (null at the end). A server answering a bare array is accepted as one page.
  absl::StatusOr<nlohmann::json> List(const std::string& path, QueryParams query, size_t limit,
                                      const std::string& cursor = "");

  const std::string& server() const { return server_; }

 private:
  http::Client& http_;
  std::string server_;
  std::string token_;
};

}  // namespace paved::cli
