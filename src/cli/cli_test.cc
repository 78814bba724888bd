#include "cli/cli.h"

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "cli/testing/fake_http_client.h"
#include "cli/testing/test_run.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paved::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kServer[] = "http://paved.test";

std::string ErrorBody(const std::string& code, const std::string& message,
                      const std::string& field = "") {
  nlohmann::json error = {{"code", code}, {"message", message}};
  if (!field.empty()) error["field"] = field;
  return nlohmann::json{{"error", error}}.dump();
}

// A small in-memory stand-in for the Paved API.
class FakePaved {
 public:
  absl::StatusOr<http::ClientResponse> Handle(const FakeHttpClient::Request& request) {
    absl::string_view path = request.url;
    if (!absl::ConsumePrefix(&path, std::string(kServer) + "/api/v1")) {
      return absl::UnavailableError("unknown host");
    }
    const std::string route = request.method + " " + std::string(path.substr(0, path.find('?')));
    if (route == "POST /auth/login") return Login(request);
    if (route == "POST /auth/logout") return JsonResponse(204, "");
    const bool by_cookie = request.Header("Cookie") == "paved_session=sess1; theme=dark";
    const bool by_token = request.Header("Authorization") == "Bearer " + valid_token;
    if (by_cookie && route == "POST /tokens" && request.Header("X-CSRF-Token") == "csrf1") {
      token_names.push_back(nlohmann::json::parse(request.body)["name"]);
      return JsonResponse(201, R"({"id":"7","name":"cli","token":"pvd_new","created_at":""})");
    }
    if (!by_token) return JsonResponse(401, ErrorBody("unauthenticated", "token not accepted"));
    return Authenticated(route, request);
  }

  std::string valid_token = "pvd_new";
  std::vector<std::string> token_names;
  std::vector<std::string> revoked;

 private:
  http::ClientResponse Login(const FakeHttpClient::Request& request) {
    const nlohmann::json body = nlohmann::json::parse(request.body);
    if (body["login"] != "admin" || body["password"] != "s3cret") {
      return JsonResponse(401, ErrorBody("unauthenticated", "invalid login or password"));
    }
    http::ClientResponse response =
        JsonResponse(200, R"({"user":{"login":"admin","role":"admin"},"csrf_token":"csrf1"})");
    response.headers.emplace_back("Set-Cookie", "paved_session=sess1; Path=/; HttpOnly");
    response.headers.emplace_back("Set-Cookie", "theme=dark");
    return response;
  }

  http::ClientResponse Authenticated(const std::string& route,
                                     const FakeHttpClient::Request& request) {
    if (route == "GET /me") {
      return JsonResponse(200, R"({"login":"admin","role":"admin","teams":["ads","infra"]})");
    }
    if (route == "GET /teams") {
      return JsonResponse(200, R"({"items":[{"slug":"ads","name":"Ads","member_count":3,
        "project_count":12,"chat_channel":"#ads","created_at":"2026-11-24T11:00:00Z"}],
        "next_cursor":null})");
    }
    if (route == "POST /projects") {
      return JsonResponse(422,
                          ErrorBody("invalid_field", "team \"nope\" does not exist", "owner_team"));
    }
    if (absl::StartsWith(route, "DELETE /tokens/")) {
      revoked.push_back(route.substr(15));
      return JsonResponse(204, "");
    }
    return JsonResponse(404, ErrorBody("not_found", "no route"));
  }
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    unsetenv("PAVED_SERVER");
    unsetenv("PAVED_TOKEN");
    char pattern[] = "/tmp/paved-cli-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string CredentialsPath() const { return dir_ + "/paved/config.json"; }

  // Runs `paved args...` with `input` as what the user types; fills out_ and err_.
  int Run(std::vector<std::string> args, const std::string& input = "s3cret") {
    CliEnv env = testing::TestEnv(&http_, &out_, &err_);
    env.read_line = [input](const std::string&, bool) -> absl::StatusOr<std::string> {
      return input;
    };
    env.credentials_path = [this]() -> absl::StatusOr<std::string> { return CredentialsPath(); };
    env.user = "admin";
    env.hostname = "testhost";
    return testing::RunPaved(std::move(env), std::move(args));
  }

  void LogIn() { ASSERT_EQ(Run({"login", "--server", kServer}), 0) << err_.str(); }

  FakePaved paved_;
  FakeHttpClient http_{[this](const FakeHttpClient::Request& r) { return paved_.Handle(r); }};
  std::ostringstream out_, err_;
  std::string dir_;
};

TEST_F(CliTest, LoginTradesThePasswordForAStoredToken) {
  ASSERT_EQ(Run({"login", "--server", std::string(kServer) + "/", "--login", "admin"}), 0)
      << err_.str();
  EXPECT_EQ(out_.str(), "Logged in to http://paved.test as admin.\n");
  EXPECT_EQ(paved_.token_names, std::vector<std::string>{"cli@testhost"});
  absl::StatusOr<std::optional<Credentials>> stored = LoadCredentials(CredentialsPath());
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->server, kServer);
  EXPECT_EQ((*stored)->token, "pvd_new");
  EXPECT_EQ((*stored)->token_id, "7");
  EXPECT_EQ(http_.requests().back().url, std::string(kServer) + "/api/v1/auth/logout");
}

TEST_F(CliTest, WrongPasswordStoresNothing) {
  EXPECT_EQ(Run({"login", "--server", kServer}, "wrong"), 1);
  EXPECT_EQ(err_.str(), "error: invalid login or password\n");
  EXPECT_FALSE(std::filesystem::exists(CredentialsPath()));
}

TEST_F(CliTest, LoginWithTokenChecksIt) {
  EXPECT_EQ(Run({"login", "--server", kServer, "--token", "bad"}), 1);
  EXPECT_FALSE(std::filesystem::exists(CredentialsPath()));
  ASSERT_EQ(Run({"login", "--server", kServer, "--token", "pvd_new"}), 0) << err_.str();
  EXPECT_EQ(LoadCredentials(CredentialsPath()).value()->token_id, "");
}

TEST_F(CliTest, LoginNeedsAServer) {
  EXPECT_EQ(Run({"login"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("--server"));
}

TEST_F(CliTest, NotLoggedInSaysHowToLogIn) {
  EXPECT_EQ(Run({"whoami"}), 1);
  EXPECT_THAT(err_.str(), StartsWith("error: not logged in; run `paved login --server URL`"));
  EXPECT_TRUE(http_.requests().empty());
}

TEST_F(CliTest, StoredTokenGoesOnlyToItsOwnServer) {
  LogIn();
  const size_t before = http_.requests().size();
  EXPECT_EQ(Run({"whoami", "--server", "http://other.test"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("not logged in to http://other.test"));
  EXPECT_EQ(http_.requests().size(), before);
}

TEST_F(CliTest, WhoamiShowsTheUser) {
  LogIn();
  ASSERT_EQ(Run({"whoami"}), 0) << err_.str();
  EXPECT_EQ(out_.str(),
            "Login:   admin\n"
            "Role:    admin\n"
            "Teams:   ads,infra\n"
            "Server:  http://paved.test\n");
}

TEST_F(CliTest, TokenFlagAndEnvironmentOverrideTheFile) {
  paved_.valid_token = "pvd_flag";
  EXPECT_EQ(Run({"whoami", "--server", kServer, "--token", "pvd_flag"}), 0) << err_.str();
  setenv("PAVED_SERVER", kServer, 1);
  setenv("PAVED_TOKEN", "pvd_flag", 1);
  EXPECT_EQ(Run({"whoami"}), 0) << err_.str();
  unsetenv("PAVED_SERVER");
  unsetenv("PAVED_TOKEN");
}

TEST_F(CliTest, TeamsListPrintsATable) {
  LogIn();
  ASSERT_EQ(Run({"teams", "list"}), 0) << err_.str();
  EXPECT_EQ(out_.str(),
            "SLUG   NAME   MEMBERS   PROJECTS   CHANNEL   AGE\n"
            "ads    Ads    3         12         #ads      60m\n");
  EXPECT_EQ(http_.requests().back().url, std::string(kServer) + "/api/v1/teams?limit=100");
}

TEST_F(CliTest, JsonFlagPrintsTheServersJson) {
  LogIn();
  ASSERT_EQ(Run({"teams", "list", "--json"}), 0) << err_.str();
  const nlohmann::json list = nlohmann::json::parse(out_.str());
  EXPECT_EQ(list["items"][0]["slug"], "ads");
  ASSERT_EQ(Run({"--json", "whoami"}), 0) << err_.str();
  EXPECT_EQ(nlohmann::json::parse(out_.str())["role"], "admin");
}

TEST_F(CliTest, ApiErrorsPrintTheServersMessageAndField) {
  LogIn();
  EXPECT_EQ(Run({"projects", "create", "web", "--name", "Web", "--owner", "nope"}), 1);
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(), "error: team \"nope\" does not exist (field: owner_team)\n");
}

TEST_F(CliTest, RejectedTokenHintsAtLogin) {
  LogIn();
  paved_.valid_token = "pvd_other";
  EXPECT_EQ(Run({"projects", "list"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("error: token not accepted\nhint:"));
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Run({"projects", "create", "web"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("--name"));
  EXPECT_EQ(Run({"frobnicate"}), 2);
  EXPECT_EQ(Run({}), 2);
  EXPECT_EQ(Run({"projects", "list", "--limit", "0"}), 2);
  EXPECT_TRUE(http_.requests().empty());
}

TEST_F(CliTest, LogoutRevokesAndForgetsTheToken) {
  LogIn();
  ASSERT_EQ(Run({"logout"}), 0) << err_.str();
  EXPECT_EQ(paved_.revoked, std::vector<std::string>{"7"});
  EXPECT_FALSE(std::filesystem::exists(CredentialsPath()));
  EXPECT_EQ(Run({"logout"}), 0);
  EXPECT_EQ(err_.str(), "Not logged in.\n");
}

TEST_F(CliTest, LoggingInAgainRevokesTheReplacedToken) {
  ASSERT_TRUE(SaveCredentials(CredentialsPath(), {kServer, "pvd_old", "5", "admin"}).ok());
  paved_.valid_token = "pvd_old";  // still valid: the new login must revoke it
  ASSERT_EQ(Run({"login", "--server", kServer}), 0) << err_.str();
  EXPECT_EQ(paved_.revoked, std::vector<std::string>{"5"});
  EXPECT_EQ(LoadCredentials(CredentialsPath()).value()->token, "pvd_new");
}

}  // namespace
}  // namespace paved::cli
