#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "http/client.h"

namespace paved::cli {

// Test double for http::Client: records every request and answers with `handler`.
class FakeHttpClient : public http::Client {
 public:
  struct Request {
    std::string method, url, body;
    http::ClientHeaders headers;
    std::string Header(absl::string_view name) const {
      for (const auto& [key, value] : headers) {
        if (absl::EqualsIgnoreCase(key, name)) return value;
      }
      return "";
    }
  };
  using Handler = std::function<absl::StatusOr<http::ClientResponse>(const Request&)>;

  explicit FakeHttpClient(Handler handler) : handler_(std::move(handler)) {}

  absl::StatusOr<http::ClientResponse> Send(const std::string& method, const std::string& url,
                                            const http::ClientHeaders& headers,
                                            const std::string& body,
                                            std::chrono::milliseconds) override {
    requests_.push_back({method, url, body, headers});
    return handler_(requests_.back());
  }

  const std::vector<Request>& requests() const { return requests_; }

 private:
  Handler handler_;
  std::vector<Request> requests_;
};

inline http::ClientResponse JsonResponse(int status, const std::string& body) {
  return {status, {{"Content-Type", "application/json"}}, body};
}

}  // namespace paved::cli
