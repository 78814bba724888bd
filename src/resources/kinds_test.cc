#include "resources/kinds.h"

#include "core/error.h"
#include "gtest/gtest.h"

namespace paved::resources {
namespace {

using nlohmann::json;

std::string FieldOf(Kind kind, const json& spec) {
  absl::StatusOr<json> checked = ValidateSpec(kind, spec);
  EXPECT_FALSE(checked.ok()) << spec.dump();
  return checked.ok() ? "" : ErrorField(checked.status());
}

TEST(KindsTest, AValidSpecOfEachKindPasses) {
  EXPECT_TRUE(ValidateSpec(Kind::kRedis, {{"size", "m"},
                                          {"engine_version", "7.1"},
                                          {"replicas", 1},
                                          {"eviction_policy", "allkeys-lfu"}})
                  .ok());
  EXPECT_TRUE(ValidateSpec(Kind::kStaticSite,
                           {{"domain", "docs.example.com"}, {"index_document", "index.html"}})
                  .ok());
  EXPECT_TRUE(ValidateSpec(Kind::kDynamoDb, {{"partition_key", {{"name", "pk"}, {"type", "S"}}},
                                             {"sort_key", {{"name", "sk"}, {"type", "N"}}},
                                             {"ttl_attribute", "expires_at"}})
                  .ok());
  EXPECT_TRUE(ValidateSpec(Kind::kRedis, json::object()).ok());  // the profile fills it all
}

TEST(KindsTest, EachMistakeNamesItsField) {
  EXPECT_EQ(FieldOf(Kind::kRedis, {{"size", "xl"}}), "spec.size");
  EXPECT_EQ(FieldOf(Kind::kRedis, {{"replicas", 9}}), "spec.replicas");
  EXPECT_EQ(FieldOf(Kind::kRedis, {{"replicas", "1"}}), "spec.replicas");
  EXPECT_EQ(FieldOf(Kind::kRedis, {{"engine_version", "latest"}}), "spec.engine_version");
  EXPECT_EQ(FieldOf(Kind::kRedis, {{"eviction", "allkeys-lru"}}), "spec.eviction");
  EXPECT_EQ(FieldOf(Kind::kStaticSite, {{"domain", "Not A Host"}}), "spec.domain");
  EXPECT_EQ(FieldOf(Kind::kStaticSite, {{"index_document", "../../etc/passwd"}}),
            "spec.index_document");
  EXPECT_EQ(FieldOf(Kind::kStaticSite, {{"error_document", "docs/../../x.html"}}),
            "spec.error_document");
  EXPECT_EQ(FieldOf(Kind::kStaticSite, {{"index_document", "/etc/passwd"}}), "spec.index_document");
  EXPECT_EQ(FieldOf(Kind::kStaticSite, {{"index_document", "."}}), "spec.index_document");
  EXPECT_TRUE(ValidateSpec(Kind::kStaticSite, {{"index_document", "docs/.well-known.html"}}).ok());
  EXPECT_EQ(FieldOf(Kind::kDynamoDb, json::object()), "spec.partition_key");
  EXPECT_EQ(FieldOf(Kind::kDynamoDb, {{"partition_key", {{"name", "pk"}, {"type", "X"}}}}),
            "spec.partition_key.type");
  EXPECT_EQ(FieldOf(Kind::kDynamoDb,
                    {{"partition_key", {{"name", "pk"}}}, {"billing_mode", "PROVISIONED"}}),
            "spec.read_capacity");
  EXPECT_EQ(FieldOf(Kind::kDynamoDb, {{"partition_key", {{"name", "pk"}}}, {"read_capacity", 5}}),
            "spec.read_capacity");
  EXPECT_EQ(FieldOf(Kind::kRedis, json::array()), "spec");
}

TEST(KindsTest, AnUnknownFieldSuggestsTheClosestAndListsThem) {
  absl::StatusOr<json> checked = ValidateSpec(Kind::kRedis, {{"sise", "m"}});
  ASSERT_FALSE(checked.ok());
  EXPECT_NE(checked.status().message().find("did you mean 'size'"), std::string::npos)
      << checked.status().message();
  EXPECT_NE(checked.status().message().find("eviction_policy"), std::string::npos);
}

TEST(KindsTest, AHugeWrongValueIsNotEchoedWhole) {
  absl::StatusOr<json> checked =
      ValidateSpec(Kind::kRedis, {{"eviction_policy", std::string(100'000, 'x')}});
  ASSERT_FALSE(checked.ok());
  EXPECT_LT(checked.status().message().size(), 400u);
}

TEST(KindsTest, ResourceNamesAreShortAndDnsSafe) {
  EXPECT_TRUE(IsResourceName("cache"));
  EXPECT_TRUE(IsResourceName("sessions-2"));
  EXPECT_FALSE(IsResourceName(""));
  EXPECT_FALSE(IsResourceName("Cache"));
  EXPECT_FALSE(IsResourceName("2cache"));
  EXPECT_FALSE(IsResourceName("cache-"));
  EXPECT_FALSE(IsResourceName("a/b"));
  EXPECT_FALSE(IsResourceName(std::string(41, 'a')));
  EXPECT_TRUE(IsResourceName(std::string(40, 'a')));
}

TEST(KindsTest, KindAndStatusNamesRoundTrip) {
  for (Kind k : {Kind::kRedis, Kind::kStaticSite, Kind::kDynamoDb}) {
    EXPECT_EQ(ParseKind(KindName(k)), k);
  }
  EXPECT_EQ(ParseKind("postgres"), std::nullopt);
  for (Status s : {Status::kCreating, Status::kReady, Status::kUndoing, Status::kFailed,
                   Status::kDeleting, Status::kDeleted, Status::kUpdating}) {
    EXPECT_EQ(ParseStatus(StatusName(s)), s);
  }
}

}  // namespace
}  // namespace paved::resources
