#include "http/errors.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace paved::http {
namespace {

using nlohmann::json;

TEST(ErrorsTest, MessageQuotingBytesThatAreNotUtf8StillAnswersJson) {
  // A percent-decoded path such as /api/v1/%F5 ends up in "no route GET /api/v1/\xF5".
  Response r = ErrorResponse(404, "not_found", "no route GET /api/v1/\xF5", "path\xFF");
  EXPECT_EQ(r.status, 404);
  json body = json::parse(r.body);
  EXPECT_EQ(body["error"]["code"], "not_found");
  EXPECT_EQ(body["error"]["message"], "no route GET /api/v1/\xEF\xBF\xBD");
  EXPECT_EQ(body["error"]["field"], "path\xEF\xBF\xBD");
}

TEST(ErrorsTest, InvalidFieldWithBytesThatAreNotUtf8Is422) {
  Response r = ErrorFromStatus(InvalidField("listen", "got '\xF5'"));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(json::parse(r.body)["error"]["message"], "got '\xEF\xBF\xBD'");
}

}  // namespace
}  // namespace paved::http
