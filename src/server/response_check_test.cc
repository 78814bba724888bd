#include "server/response_check.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/json_body.h"

namespace paved::server {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;

http::Route RouteAnswering(json body, int status = 200) {
  return {.method = "GET",
          .path = "/api/v1/things/{id}",
          .response = http::Object({{"id", http::String()}, {"count", http::Integer()}}),
          .handler = [body, status](http::Context&) { return http::JsonResponse(status, body); }};
}

http::Response Answer(const http::Route& route) {
  http::Request req = http::MakeRequest("GET", "/api/v1/things/a");
  http::Context ctx{req, nullptr};
  return CheckResponse(route, route.handler(ctx));
}

TEST(ResponseCheckTest, AnswerMatchingItsSchemaPassesUnchanged) {
  http::Response r = Answer(RouteAnswering({{"id", "a"}, {"count", 2}}));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), json({{"id", "a"}, {"count", 2}}));
}

TEST(ResponseCheckTest, FieldTheSchemaLacksBecomesResponseSchemaError) {
  http::Response r = Answer(RouteAnswering({{"id", "a"}, {"count", 2}, {"secret", "x"}}));
  EXPECT_EQ(r.status, 500);
  json error = json::parse(r.body)["error"];
  EXPECT_EQ(error["code"], "response_schema");
  EXPECT_THAT(error["message"].get<std::string>(), HasSubstr("GET /api/v1/things/{id}"));
  EXPECT_THAT(error["message"].get<std::string>(), HasSubstr("$.secret"));
}

TEST(ResponseCheckTest, MissingOrMistypedFieldBecomesResponseSchemaError) {
  EXPECT_EQ(Answer(RouteAnswering({{"id", "a"}})).status, 500);
  EXPECT_EQ(Answer(RouteAnswering({{"id", "a"}, {"count", "2"}})).status, 500);
}

TEST(ResponseCheckTest, ErrorsAndUndescribedRoutesAreNotChecked) {
  // A 4xx answer has the error body, not the success one.
  EXPECT_EQ(Answer(RouteAnswering({{"error", {{"code", "x"}}}}, 404)).status, 404);
  http::Route undescribed = RouteAnswering({{"anything", true}});
  undescribed.response.reset();
  EXPECT_EQ(Answer(undescribed).status, 200);
}

TEST(ResponseCheckTest, StatusOtherThanTheDocumentedSuccessBecomesResponseStatusError) {
  http::Route created = RouteAnswering({{"id", "a"}, {"count", 2}}, 201);
  EXPECT_EQ(Answer(created).status, 500);  // documents 200
  json error = json::parse(Answer(created).body)["error"];
  EXPECT_EQ(error["code"], "response_status");
  EXPECT_THAT(error["message"].get<std::string>(), HasSubstr("answered 201, but documents 200"));
  created.success = 201;
  EXPECT_EQ(Answer(created).status, 201);
}

TEST(ResponseCheckTest, CreatingRouteMayAnswer200WhenNothingWasCreated) {
  http::Route route = RouteAnswering({{"id", "a"}, {"count", 2}}, 200);
  route.success = 201;
  EXPECT_EQ(Answer(route).status, 200);
  route.success = 204;
  EXPECT_EQ(Answer(route).status, 500);
}

}  // namespace
}  // namespace paved::server
