#pragma once

// Test-only: runs `paved ...` against canned answers per route, with a scripted stdin.

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

namespace paved::cli::testing {

inline constexpr char kServer[] = "http://paved.test";
inline constexpr char kToken[] = "pvd_test";

class DeployCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"PAVED_SERVER", "PAVED_TOKEN", "PAVED_PROJECT"}) unsetenv(name);
  }

  // Answers "METHOD /path" (the path under /api/v1, without its query) with `status` and `body`
  // from now on.
  void Answer(const std::string& route, int status, const std::string& body) {
    answers_[route] = {JsonResponse(status, body)};
  }
  // Queues one more answer for the route: each call takes the next; the last one repeats.
  void AnswerNext(const std::string& route, int status, const std::string& body) {
    answers_[route].push_back(JsonResponse(status, body));
  }
  void AnswerYaml(const std::string& route, const std::string& yaml) {
    answers_[route] = {{200, {{"Content-Type", "application/yaml"}}, yaml}};
  }

  // Runs `paved args... --server kServer --token kToken`; fills out_ and err_.
  int Run(std::vector<std::string> args) {
    CliEnv env = TestEnv(&http_, &out_, &err_);
    env.interactive = interactive_;
    env.read_line = [this](const std::string& prompt, bool secret) -> absl::StatusOr<std::string> {
      prompts_.push_back(prompt + (secret ? " (hidden)" : ""));
      return typed_;
    };
    env.read_stdin = [this](size_t max_bytes) -> absl::StatusOr<std::string> {
      ++stdin_reads_;
      if (stdin_.size() > max_bytes) return absl::ResourceExhaustedError("stdin too large");
      return stdin_;
    };
    args.insert(args.end(), {"--server", kServer, "--token", kToken});
    argv_.push_back(args);
    return RunPaved(std::move(env), std::move(args));
  }

  const std::vector<FakeHttpClient::Request>& requests() const { return http_.requests(); }

  // "METHOD /path?query" of request `i` (under /api/v1).
  std::string Target(size_t i) const {
    absl::string_view url = requests().at(i).url;
    absl::ConsumePrefix(&url, std::string(kServer) + "/api/v1");
    return requests().at(i).method + " " + std::string(url);
  }

  std::string stdin_;
  bool interactive_ = false;
  std::string typed_;
  int stdin_reads_ = 0;
  std::vector<std::string> prompts_;
  std::vector<std::vector<std::string>> argv_;
  std::ostringstream out_, err_;

 private:
  absl::StatusOr<http::ClientResponse> Handle(const FakeHttpClient::Request& request) {
    EXPECT_EQ(request.Header("Authorization"), std::string("Bearer ") + kToken);
    absl::string_view path = request.url;
    if (!absl::ConsumePrefix(&path, std::string(kServer) + "/api/v1")) {
      return absl::UnavailableError("unknown host");
    }
    const std::string route = request.method + " " + std::string(path.substr(0, path.find('?')));
    auto it = answers_.find(route);
    if (it != answers_.end() && !it->second.empty()) {
      http::ClientResponse res = it->second.front();
      if (it->second.size() > 1) it->second.pop_front();
      return res;
    }
    return JsonResponse(404,
                        R"({"error":{"code":"not_found","message":"no route )" + route + R"("}})");
  }

  std::map<std::string, std::deque<http::ClientResponse>> answers_;
  FakeHttpClient http_{[this](const FakeHttpClient::Request& r) { return Handle(r); }};
};

}  // namespace paved::cli::testing
