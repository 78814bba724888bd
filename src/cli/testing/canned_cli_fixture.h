#pragma once

// Test-only: runs `paved ...` against canned answers queued per route, and reads back the
// requests the CLI sent.

#include <cstdlib>
#include <deque>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/strip.h"
#include "cli/cli.h"
#include "cli/testing/fake_http_client.h"
#include "cli/testing/test_run.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace paved::cli::testing {

class CannedCliTest : public ::testing::Test {
 protected:
  static constexpr char kServer[] = "http://paved.test";

  void SetUp() override {
    for (const char* name : {"PAVED_SERVER", "PAVED_TOKEN", "PAVED_PROJECT"}) unsetenv(name);
  }

  // Queues an answer for "METHOD /path" (under /api/v1, without query); the last one repeats.
  // A route with no answer gets a 404.
  void Answer(const std::string& route, int status, const nlohmann::json& body) {
    answers_[route].push_back(JsonResponse(status, body.dump()));
  }

  // Queues a text answer (e.g. log lines) for "METHOD /path".
  void AnswerText(const std::string& route, int status, const std::string& text) {
    answers_[route].push_back(JsonResponse(status, text));
  }

  // Runs `paved args... --server kServer --token pvd_test` at 2026-11-24T12:00:00Z; fills out_
  // and err_.
  int Run(std::vector<std::string> args) {
    args.insert(args.end(), {"--server", kServer, "--token", "pvd_test"});
    CliEnv env = TestEnv(&http_, &out_, &err_);
    env.read_line = [this](const std::string& prompt, bool secret) -> absl::StatusOr<std::string> {
      prompts_.push_back(prompt + (secret ? " (hidden)" : ""));
      return typed_;
    };
    return RunPaved(std::move(env), std::move(args));
  }

  // "METHOD /path?query" of request `i`, under /api/v1.
  std::string Target(size_t i) const {
    absl::string_view url = http_.requests().at(i).url;
    absl::ConsumePrefix(&url, std::string(kServer) + "/api/v1");
    return http_.requests().at(i).method + " " + std::string(url);
  }
  // The JSON body of request `i` (discarded when it is not JSON).
  nlohmann::json Body(size_t i) const {
    return nlohmann::json::parse(http_.requests().at(i).body, nullptr, false);
  }
  // The body of request `i` as it was sent.
  const std::string& SentBody(size_t i) const { return http_.requests().at(i).body; }
  size_t RequestCount() const { return http_.requests().size(); }

  std::ostringstream out_, err_;
  std::string typed_;                 // what a prompt reads
  std::vector<std::string> prompts_;  // the prompts shown, " (hidden)" when without echo

 private:
  absl::StatusOr<http::ClientResponse> Handle(const FakeHttpClient::Request& request) {
    absl::string_view path = request.url;
    if (!absl::ConsumePrefix(&path, std::string(kServer) + "/api/v1")) {
      return absl::UnavailableError("unknown host");
    }
    const std::string route = request.method + " " + std::string(path.substr(0, path.find('?')));
    auto it = answers_.find(route);
    if (it == answers_.end() || it->second.empty()) {
      return JsonResponse(404, R"({"error":{"code":"not_found","message":"no route"}})");
    }
    http::ClientResponse res = it->second.front();
    if (it->second.size() > 1) it->second.pop_front();
    return res;
  }

  std::map<std::string, std::deque<http::ClientResponse>> answers_;
  FakeHttpClient http_{[this](const FakeHttpClient::Request& r) { return Handle(r); }};
};

}  // namespace paved::cli::testing
