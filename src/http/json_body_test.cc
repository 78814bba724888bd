#include "http/json_body.h"

#include "gtest/gtest.h"
#include "http/errors.h"

namespace paved::http {
namespace {

const BodySchema kSchema = {
    {.name = "slug", .required = true},
    {.name = "role", .one_of = {"admin", "viewer"}},
    {.name = "disabled", .type = FieldType::kBool},
    {.name = "note", .max_length = 8},
};

nlohmann::json ErrorOf(const std::string& body) {
  Request req;
  req.body = body;
  auto parsed = ParseBody(req, kSchema);
  EXPECT_FALSE(parsed.ok());
  Response r = ErrorFromStatus(parsed.status());
  auto j = nlohmann::json::parse(r.body);
  j["http"] = r.status;
  return j;
}

TEST(JsonBodyTest, AcceptsValidBody) {
  Request req;
  req.body = R"({"slug":"a","role":"admin","disabled":false,"note":"12345678"})";
  auto parsed = ParseBody(req, kSchema);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ((*parsed)["slug"], "a");
}

TEST(JsonBodyTest, EachMistakeNamesItsField) {
  auto bad_json = ErrorOf("{not json");
  EXPECT_EQ(bad_json["http"], 400);
  EXPECT_EQ(bad_json["error"]["code"], "invalid_json");
  auto missing = ErrorOf("{}");
  EXPECT_EQ(missing["http"], 422);
  EXPECT_EQ(missing["error"]["code"], "missing_field");
  EXPECT_EQ(missing["error"]["field"], "slug");
  auto wrong_type = ErrorOf(R"({"slug":1})");
  EXPECT_EQ(wrong_type["error"]["code"], "invalid_field");
  EXPECT_EQ(wrong_type["error"]["field"], "slug");
  auto unknown = ErrorOf(R"({"slug":"a","colour":"red"})");
  EXPECT_EQ(unknown["error"]["code"], "unknown_field");
  EXPECT_EQ(unknown["error"]["field"], "colour");
  auto too_long = ErrorOf(R"({"slug":"a","note":"123456789"})");
  EXPECT_EQ(too_long["http"], 422);
  EXPECT_EQ(too_long["error"]["field"], "note");
  EXPECT_EQ(too_long["error"]["message"], "note must be at most 8 bytes long");
  auto enum_value = ErrorOf(R"({"slug":"a","role":"root"})");
  EXPECT_EQ(enum_value["error"]["field"], "role");
  auto array = ErrorOf("[1]");
  EXPECT_EQ(array["http"], 400);
}

TEST(JsonBodyTest, ShapeIsCheckedAndDocumentedInsteadOfTheBareType) {
  const BodySchema schema = {
      {.name = "data", .type = FieldType::kObject, .shape = Map(String())},
      {.name = "clusters",
       .type = FieldType::kArray,
       .shape = OneOf({Enum({"all"}), Array(String())})},
  };
  Request req;
  req.body = R"({"data":{"a":"1"},"clusters":["c1"]})";
  EXPECT_TRUE(ParseBody(req, schema).ok());
  req.body = R"({"data":{"a":1}})";
  auto bad = ParseBody(req, schema);
  ASSERT_FALSE(bad.ok());
  Response r = ErrorFromStatus(bad.status());
  auto error = nlohmann::json::parse(r.body)["error"];
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(error["code"], "invalid_field");
  EXPECT_EQ(error["field"], "data");
  EXPECT_EQ(error["message"], "data.a: expected string, got integer");
  req.body = R"({"clusters":"all"})";  // the type is what ParseBody sees: a list
  EXPECT_FALSE(ParseBody(req, schema).ok());

  nlohmann::json doc = SchemaToOpenApi(schema);
  EXPECT_EQ(doc["properties"]["data"],
            nlohmann::json({{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}));
  EXPECT_EQ(doc["properties"]["clusters"]["oneOf"][0]["enum"], nlohmann::json({"all"}));
  EXPECT_EQ(doc["properties"]["clusters"]["oneOf"][1]["items"]["type"], "string");
}

TEST(JsonBodyTest, DnsLabels) {
  EXPECT_TRUE(IsDnsLabel("chat-gateway"));
  EXPECT_TRUE(IsDnsLabel("a1"));
  EXPECT_FALSE(IsDnsLabel("Chat"));
  EXPECT_FALSE(IsDnsLabel("-a"));
  EXPECT_FALSE(IsDnsLabel("a-"));
  EXPECT_FALSE(IsDnsLabel(std::string(64, 'a')));
  EXPECT_FALSE(IsDnsLabel("a_b"));
}

TEST(JsonBodyTest, PageLimits) {
  Request req;
  req.query = {{"limit", "501"}};
  EXPECT_FALSE(ParsePage(req).ok());
  req.query = {{"limit", "20"}, {"cursor", "abc"}};
  auto page = ParsePage(req);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->limit, 20);
  EXPECT_EQ(page->cursor, "abc");
}

}  // namespace
}  // namespace paved::http
