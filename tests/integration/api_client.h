#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "http/client.h"
#include "nlohmann/json.hpp"

namespace paved::integration {

using json = nlohmann::json;

// A JSON API client logged in as admin with an API token.
class Api {
 public:
  explicit Api(std::string base) : base_(std::move(base)), client_(http::NewCurlClient()) {}

  json Call(const std::string& method, const std::string& path, const json& body = nullptr,
            int* status = nullptr) {
    return Send(method, path, "application/json", body.is_null() ? "" : body.dump(), status);
  }

  json Send(const std::string& method, const std::string& path, const std::string& type,
            const std::string& body, int* status = nullptr) {
    http::ClientHeaders headers = {{"Content-Type", type}};
    if (!token_.empty()) headers.push_back({"Authorization", "Bearer " + token_});
    auto r =
        client_->Send(method, base_ + "/api/v1" + path, headers, body, std::chrono::seconds(10));
    if (status) *status = r.ok() ? r->status : -1;
    if (!r.ok()) return nullptr;
    last_ = *r;
    return json::parse(r->body, nullptr, false);
  }

  void LoginAdmin(const std::string& password) {
    int status = 0;
    Call("POST", "/auth/login", {{"login", "admin"}, {"password", password}}, &status);
    ASSERT_EQ(status, 200) << last_.body;
    std::string cookie = last_.Header("Set-Cookie");
    cookie = cookie.substr(0, cookie.find(';'));
    std::string csrf = json::parse(last_.body)["csrf_token"];
    auto r = client_->Send(
        "POST", base_ + "/api/v1/tokens",
        {{"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"Content-Type", "application/json"}},
        R"({"name":"integration"})", std::chrono::seconds(10));
    ASSERT_TRUE(r.ok());
    token_ = json::parse(r->body)["token"];
  }

  const http::ClientResponse& last() const { return last_; }

 private:
  std::string base_;
  std::unique_ptr<http::Client> client_;
  std::string token_;
  http::ClientResponse last_;
};

// Polls `get` every 200 ms until `done` holds for its result or `seconds` pass; returns the last.
template <typename Get, typename Done>
json PollUntil(Get get, Done done, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  json last;
  while (std::chrono::steady_clock::now() < deadline) {
    last = get();
    if (done(last)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return last;
}

}  // namespace paved::integration
