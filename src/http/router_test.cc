#include "http/router.h"

#include "gtest/gtest.h"

namespace paved::http {
namespace {

Route R(const std::string& method, const std::string& pattern) {
  return Route{.method = method, .path = pattern, .handler = [](Context&) { return Response{}; }};
}

TEST(RouterTest, MatchesParametersAndPrefersLiterals) {
  Router router;
  router.Add(R("GET", "/api/v1/projects/{slug}"));
  router.Add(R("GET", "/api/v1/projects/search"));
  auto m = router.Find("GET", "/api/v1/projects/chat");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("slug"), "chat");
  auto lit = router.Find("GET", "/api/v1/projects/search");
  ASSERT_NE(lit.route, nullptr);
  EXPECT_EQ(lit.route->path, "/api/v1/projects/search");
}

TEST(RouterTest, AddsADomainsTableInOrder) {
  Router router;
  router.Add(std::vector<Route>{R("GET", "/api/v1/teams"), R("POST", "/api/v1/teams"),
                                R("GET", "/api/v1/teams/{slug}")});
  ASSERT_EQ(router.routes().size(), 3u);
  EXPECT_EQ(router.routes()[1].method, "POST");
  auto m = router.Find("GET", "/api/v1/teams/core");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("slug"), "core");
}

TEST(RouterTest, ReportsAllowedMethodsForWrongMethod) {
  Router router;
  router.Add(R("GET", "/api/v1/teams/{slug}"));
  router.Add(R("PATCH", "/api/v1/teams/{slug}"));
  auto m = router.Find("PUT", "/api/v1/teams/x");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET", "PATCH"}));
  auto none = router.Find("GET", "/api/v1/teams");
  EXPECT_EQ(none.route, nullptr);
  EXPECT_TRUE(none.allowed_methods.empty());
}

TEST(RouterTest, EmptySegmentDoesNotMatchParameter) {
  Router router;
  router.Add(R("GET", "/api/v1/teams/{slug}"));
  EXPECT_EQ(router.Find("GET", "/api/v1/teams/").route, nullptr);
}

TEST(RouterTest, ATailParameterTakesTheRestOfThePath) {
  Router router;
  router.Add(R("GET", "/sites/{id}/{path...}"));
  router.Add(R("GET", "/sites/{id}/health"));
  auto nested = router.Find("GET", "/sites/s1/css/a/site.css");
  ASSERT_NE(nested.route, nullptr);
  EXPECT_EQ(nested.route->path, "/sites/{id}/{path...}");
  EXPECT_EQ(nested.params.at("id"), "s1");
  EXPECT_EQ(nested.params.at("path"), "css/a/site.css");
  auto slash = router.Find("GET", "/sites/s1/");
  ASSERT_NE(slash.route, nullptr);
  EXPECT_EQ(slash.params.at("path"), "");
  auto bare = router.Find("GET", "/sites/s1");
  ASSERT_NE(bare.route, nullptr);
  EXPECT_EQ(bare.route->path, "/sites/{id}/{path...}");
  EXPECT_FALSE(bare.params.contains("path"));
  EXPECT_EQ(router.Find("GET", "/sites/s1/health").route->path, "/sites/{id}/health");
  EXPECT_EQ(router.Find("GET", "/sites").route, nullptr);
}

}  // namespace
}  // namespace paved::http
