#include "cli/api_client.h"

#include "cli/testing/fake_http_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paved::cli {
namespace {

using ::testing::ElementsAre;

TEST(ErrorFromResponseTest, UsesTheServersMessageAndField) {
  const absl::Status status = ErrorFromResponse(
      422,
      R"({"error":{"code":"invalid_field","message":"no team \"nope\"","field":"owner_team"}})");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FormatError(status), "error: no team \"nope\" (field: owner_team)");
}

TEST(ErrorFromResponseTest, MapsHttpStatusToCode) {
  const std::string body = R"({"error":{"code":"x","message":"m"}})";
  EXPECT_EQ(ErrorFromResponse(401, body).code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ErrorFromResponse(403, body).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorFromResponse(404, body).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorFromResponse(409, body).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ErrorFromResponse(429, body).code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ErrorFromResponse(500, body).code(), absl::StatusCode::kInternal);
  EXPECT_EQ(FormatError(ErrorFromResponse(404, body)), "error: m");
}

TEST(ErrorFromResponseTest, FallsBackToTheHttpStatusForForeignBodies) {
  const absl::Status status = ErrorFromResponse(502, "<html>Bad gateway</html>");
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(FormatError(status), "error: the server answered HTTP 502");
  EXPECT_EQ(FormatError(ErrorFromResponse(404, R"({"error":"x"})")),
            "error: the server answered HTTP 404");
}

TEST(NormalizeServerUrlTest, NeedsASchemeAndAHost) {
  EXPECT_EQ(NormalizeServerUrl("https://paved.example.com/").value(), "https://paved.example.com");
  EXPECT_EQ(NormalizeServerUrl("http://127.0.0.1:8080").value(), "http://127.0.0.1:8080");
  EXPECT_FALSE(NormalizeServerUrl("paved.example.com").ok());
  EXPECT_FALSE(NormalizeServerUrl("https://").ok());
  EXPECT_FALSE(NormalizeServerUrl("ftp://x").ok());
}

TEST(WithQueryTest, EncodesValuesAndSkipsEmptyOnes) {
  EXPECT_EQ(WithQuery("/projects", {{"q", "chat gw&x"}, {"owner", ""}, {"limit", "5"}}),
            "/projects?q=chat%20gw%26x&limit=5");
  EXPECT_EQ(WithQuery("/teams", {{"q", ""}}), "/teams");
}

TEST(ApiClientTest, SendsBearerTokenAndJsonBody) {
  FakeHttpClient http(
      [](const FakeHttpClient::Request&) { return JsonResponse(201, R"({"slug":"api"})"); });
  ApiClient api(http, "http://paved.test", "pvd_t");
  absl::StatusOr<nlohmann::json> project = api.Post("/projects", {{"slug", "api"}});
  ASSERT_TRUE(project.ok()) << project.status();
  EXPECT_EQ((*project)["slug"], "api");
  ASSERT_EQ(http.requests().size(), 1u);
  const auto& request = http.requests()[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "http://paved.test/api/v1/projects");
  EXPECT_EQ(request.Header("Authorization"), "Bearer pvd_t");
  EXPECT_EQ(request.Header("Content-Type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(request.body), nlohmann::json({{"slug", "api"}}));
}

TEST(ApiClientTest, NoTokenNoAuthorizationHeader) {
  FakeHttpClient http([](const FakeHttpClient::Request&) { return JsonResponse(204, ""); });
  ApiClient api(http, "http://paved.test", "");
  EXPECT_TRUE(api.Delete("/tokens/1").ok());
  EXPECT_EQ(http.requests()[0].Header("Authorization"), "");
}

TEST(ApiClientTest, ErrorAnswersBecomeStatuses) {
  FakeHttpClient http([](const FakeHttpClient::Request&) {
    return JsonResponse(404, R"({"error":{"code":"not_found","message":"no project \"x\""}})");
  });
  ApiClient api(http, "http://paved.test", "pvd_t");
  absl::StatusOr<nlohmann::json> project = api.Get("/projects/x");
  EXPECT_EQ(project.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(project.status().message(), "no project \"x\"");
}

TEST(ApiClientTest, TransportErrorsPassThrough) {
  FakeHttpClient http([](const FakeHttpClient::Request&) -> absl::StatusOr<http::ClientResponse> {
    return absl::UnavailableError("connection refused");
  });
  ApiClient api(http, "http://paved.test", "pvd_t");
  EXPECT_EQ(api.Get("/me").status().code(), absl::StatusCode::kUnavailable);
}

TEST(ApiClientTest, ListFollowsCursorsUpToTheLimit) {
  FakeHttpClient http([](const FakeHttpClient::Request& request) {
    if (absl::StrContains(request.url, "cursor=c2")) {
      return JsonResponse(200, R"({"items":[{"n":3}],"next_cursor":null})");
    }
    if (absl::StrContains(request.url, "cursor=c1")) {
      return JsonResponse(200, R"({"items":[{"n":2}],"next_cursor":"c2"})");
    }
    return JsonResponse(200, R"({"items":[{"n":1}],"next_cursor":"c1"})");
  });
  ApiClient api(http, "http://paved.test", "pvd_t");
  absl::StatusOr<nlohmann::json> all = api.List("/projects", {{"owner", "ads"}}, 10);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ((*all)["items"].size(), 3u);
  EXPECT_TRUE((*all)["next_cursor"].is_null());
  std::vector<std::string> urls;
  for (const auto& request : http.requests()) urls.push_back(request.url);
  EXPECT_THAT(urls, ElementsAre("http://paved.test/api/v1/projects?owner=ads&limit=10",
                                "http://paved.test/api/v1/projects?owner=ads&limit=9&cursor=c1",
                                "http://paved.test/api/v1/projects?owner=ads&limit=8&cursor=c2"));

  absl::StatusOr<nlohmann::json> two = api.List("/projects", {}, 2);
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_EQ((*two)["items"].size(), 2u);
  EXPECT_EQ((*two)["next_cursor"], "c2");
}

TEST(ApiClientTest, ListAcceptsABareArray) {
  FakeHttpClient http([](const FakeHttpClient::Request&) {
    return JsonResponse(200, R"([{"id":"1"},{"id":"2"}])");
  });
  ApiClient api(http, "http://paved.test", "pvd_t");
  absl::StatusOr<nlohmann::json> all = api.List("/tokens", {}, 100);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ((*all)["items"].size(), 2u);
}

}  // namespace
}  // namespace paved::cli
