#include "http/schema.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paved::http {
namespace {

using json = nlohmann::json;
using ::testing::HasSubstr;

Schema ProjectSchema() {
  return Named("Project", Object({{"slug", String()},
                                  {"replicas", Integer()},
                                  {"description", Optional(String())},
                                  {"owner", Nullable(String())},
                                  {"labels", Map(String())},
                                  {"phase", Enum({"active", "archived"})}}));
}

json GoodProject() {
  return {{"slug", "web"},
          {"replicas", 2},
          {"owner", nullptr},
          {"labels", {{"tier", "front"}}},
          {"phase", "active"}};
}

TEST(SchemaTest, BuildersProduceJsonSchema) {
  EXPECT_EQ(String().json, json({{"type", "string"}}));
  EXPECT_EQ(Array(Integer()).json, json({{"type", "array"}, {"items", {{"type", "integer"}}}}));
  EXPECT_EQ(Object({{"a", String()}, {"b", Optional(Boolean())}}).json,
            json({{"type", "object"},
                  {"properties", {{"a", {{"type", "string"}}}, {"b", {{"type", "boolean"}}}}},
                  {"required", {"a"}},
                  {"additionalProperties", false}}));
  EXPECT_EQ(OpenObject({{"a", String()}}).json["additionalProperties"], true);
  EXPECT_EQ(Map(Number()).json,
            json({{"type", "object"}, {"additionalProperties", {{"type", "number"}}}}));
  EXPECT_EQ(Nullable(String()).json, json({{"type", "string"}, {"nullable", true}}));
  EXPECT_EQ(Enum({"a", "b"}).json, json({{"type", "string"}, {"enum", {"a", "b"}}}));
  EXPECT_EQ(Any().json, json::object());
  EXPECT_EQ(SchemaName(ProjectSchema().json), "Project");
  EXPECT_EQ(SchemaName(String().json), "");
  // A named schema stays a single $ref target when it may be null.
  json nullable_named = Nullable(ProjectSchema()).json;
  EXPECT_EQ(nullable_named["nullable"], true);
  EXPECT_EQ(SchemaName(nullable_named["allOf"][0]), "Project");
}

TEST(SchemaTest, AcceptsMatchingValues) {
  EXPECT_TRUE(Validate(ProjectSchema(), GoodProject()).ok());
  json with_optional = GoodProject();
  with_optional["description"] = "the web front";
  with_optional["owner"] = "team-a";
  EXPECT_TRUE(Validate(ProjectSchema(), with_optional).ok());
  EXPECT_TRUE(Validate(Array(ProjectSchema()), json::array({GoodProject()})).ok());
  EXPECT_TRUE(Validate(Nullable(ProjectSchema()), nullptr).ok());
  EXPECT_TRUE(Validate(Any(), json{{"anything", {1, "two"}}}).ok());
  EXPECT_TRUE(Validate(Number(), 1).ok());
  EXPECT_TRUE(Validate(Number(), 1.5).ok());
}

TEST(SchemaTest, RejectsMissingRequiredPropertyNamingThePath) {
  json v = json::array({GoodProject(), GoodProject()});
  v[1].erase("slug");
  absl::Status s = Validate(Array(ProjectSchema()), v);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("$[1]: missing required property \"slug\""));
}

TEST(SchemaTest, RejectsWrongTypeNamingThePath) {
  json v = {{"items", {GoodProject()}}};
  v["items"][0]["replicas"] = "two";
  absl::Status s = Validate(Object({{"items", Array(ProjectSchema())}}), v);
  EXPECT_THAT(std::string(s.message()), HasSubstr("$.items[0].replicas: expected integer"));
  json nulled = GoodProject();
  nulled["slug"] = nullptr;
  EXPECT_THAT(std::string(Validate(ProjectSchema(), nulled).message()),
              HasSubstr("$.slug: expected string, got null"));
  EXPECT_FALSE(Validate(Integer(), 1.5).ok());
  EXPECT_FALSE(Validate(Boolean(), 1).ok());
}

TEST(SchemaTest, RejectsExtraPropertyOnClosedObjectButNotOnOpenOrMap) {
  json v = GoodProject();
  v["secret"] = "leaked";
  EXPECT_THAT(std::string(Validate(ProjectSchema(), v).message()),
              HasSubstr("$.secret: property not in the schema"));
  EXPECT_TRUE(Validate(OpenObject({{"slug", String()}}), {{"slug", "a"}, {"x", 1}}).ok());
  json labels = GoodProject();
  labels["labels"]["n"] = 3;
  EXPECT_THAT(std::string(Validate(ProjectSchema(), labels).message()),
              HasSubstr("$.labels.n: expected string"));
}

TEST(SchemaTest, RejectsValueOutsideEnum) {
  json v = GoodProject();
  v["phase"] = "deleted";
  EXPECT_THAT(std::string(Validate(ProjectSchema(), v).message()),
              HasSubstr("$.phase: value \"deleted\" is not one of"));
}

TEST(SchemaTest, OneOfTakesExactlyOneAlternativeAndNamesTheMismatchOfTheValuesType) {
  Schema clusters = OneOf({Enum({"all"}), Array(String())});
  EXPECT_EQ(clusters.json["oneOf"].size(), 2u);
  EXPECT_TRUE(Validate(clusters, "all").ok());
  EXPECT_TRUE(Validate(clusters, json::array({"c1", "c2"})).ok());
  EXPECT_THAT(std::string(Validate(clusters, "some").message()),
              HasSubstr("$: value \"some\" is not one of"));
  EXPECT_THAT(std::string(Validate(clusters, json::array({"c1", 2})).message()),
              HasSubstr("$[1]: expected string, got integer"));
  EXPECT_THAT(std::string(Validate(clusters, 3).message()),
              HasSubstr("$: expected string or array, got integer"));
  EXPECT_THAT(std::string(Validate(OneOf({String(), String()}), "x").message()),
              HasSubstr("more than one"));
}

}  // namespace
}  // namespace paved::http
