#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"

namespace paved::http {

// Header lines in the order they are sent or received; names may repeat (Set-Cookie).
using ClientHeaders = std::vector<std::pair<std::string, std::string>>;

struct ClientResponse {
  int status = 0;         // HTTP status of the final response (after any 1xx)
  ClientHeaders headers;  // of the final response, names as the server wrote them
  std::string body;

  // First value of the header `name` (case-insensitive); "" when absent.
  std::string Header(absl::string_view name) const;
  // Every value of the header `name` (case-insensitive), in order.
  std::vector<std::string> Headers(absl::string_view name) const;
};

struct ClientOptions {
  bool verify_tls = true;  // peer certificate and host name; only tests against self-signed
                           // servers may turn it off
  std::string ca_file;     // PEM bundle replacing the system CAs when not empty
  std::string user_agent = "paved/0.1";
  bool follow_redirects = false;
  size_t max_response_bytes = 64 << 20;  // larger bodies fail with ResourceExhausted
  bool use_env_proxy = true;             // honour http_proxy / https_proxy / no_proxy
};

// A blocking HTTP/1.1 client. Implementations are thread-safe: concurrent Send() calls are fine
// and reuse kept-alive connections where they can.
class Client {
 public:
  virtual ~Client() = default;

  // Sends one request and waits for the whole answer, at most `timeout` in total.
  // `method` is sent as given ("GET", "POST", "PATCH", ...); `body` is sent when not empty (and,
  // empty, for POST/PUT/PATCH with Content-Length: 0). `headers` are added as given; set
  // Content-Type yourself.
  // On success (any HTTP status, 4xx and 5xx included) returns the response. On failure returns
  // InvalidArgument (bad URL or method), DeadlineExceeded (timeout), ResourceExhausted (body too
  // large) or Unavailable (connection, DNS or TLS failure).
  virtual absl::StatusOr<ClientResponse> Send(const std::string& method, const std::string& url,
                                              const ClientHeaders& headers, const std::string& body,
                                              std::chrono::milliseconds timeout) = 0;
};

// A libcurl-backed client (http and https only).
std::unique_ptr<Client> NewCurlClient(ClientOptions options = {});

// Percent-encodes everything but RFC 3986 unreserved characters (for a path segment or a query
// value).
std::string UrlEncode(absl::string_view in);

}  // namespace paved::http
