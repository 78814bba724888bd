#include "resources/profiles.h"

#include "core/error.h"
#include "gtest/gtest.h"

namespace paved::resources {
namespace {

using nlohmann::json;

json ProductionBody() {
  return {{"account", "123456789012"},
          {"environment", "production"},
          {"provider", "aws"},
          {"region", "eu-west-1"},
          {"defaults",
           {{"common",
             {{"subnet_group", "private-a"},
              {"security_groups", {"sg-1", "sg-2"}},
              {"maintenance_window", "sun:05:00-sun:06:30"},
              {"snapshot_window", "03:00-04:00"},
              {"backup_retention_days", 7},
              {"encryption_at_rest", true},
              {"tags", {{"cost-center", "platform"}}}}},
            {"redis",
             {{"size", "m"},
              {"engine_version", "7.1"},
              {"node_types",
               {{"s", "cache.t4g.small"}, {"m", "cache.m7g.large"}, {"l", "cache.r7g.xlarge"}}},
              {"parameter_groups", {{"7.1", "create"}}}}}}},
          {"overridable", {"backup_retention_days"}},
          {"prices", {{"redis", {{"s", 25.0}, {"m", 120.0}, {"l", 400.0}}}}}};
}

Profile MustParse(const json& body) {
  absl::StatusOr<Profile> p = ParseProfile(body);
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? *p : Profile{};
}

std::string ParseErrorField(json body) {
  absl::StatusOr<Profile> p = ParseProfile(body);
  EXPECT_FALSE(p.ok()) << body.dump();
  return p.ok() ? "" : ErrorField(p.status());
}

TEST(ProfilesTest, EachValueSaysWhetherTheStandardOrTheTeamSetIt) {
  Profile p = MustParse(ProductionBody());
  absl::StatusOr<json> effective =
      Resolve(p, Kind::kRedis, {{"replicas", 1}}, {{"backup_retention_days", 14}});
  ASSERT_TRUE(effective.ok()) << effective.status();
  json e = *effective;
  EXPECT_EQ(e["replicas"], (json{{"value", 1}, {"source", "team"}}));
  EXPECT_EQ(e["size"], (json{{"value", "m"}, {"source", "standard"}}));  // profile's default
  EXPECT_EQ(e["eviction_policy"]["value"], "allkeys-lru");               // the kind's own
  EXPECT_EQ(e["backup_retention_days"], (json{{"value", 14}, {"source", "team"}}));
  EXPECT_EQ(e["subnet_group"], (json{{"value", "private-a"}, {"source", "standard"}}));
  EXPECT_EQ(e["maintenance_window"]["value"], "sun:05:00-sun:06:30");
  EXPECT_FALSE(e.contains("point_in_time_recovery"));         // a dynamodb setting
  EXPECT_DOUBLE_EQ(MonthlyPrice(p, Kind::kRedis, e), 240.0);  // m, two nodes
}

TEST(ProfilesTest, ATeamCannotOverrideWhatTheProfileKeeps) {
  Profile p = MustParse(ProductionBody());
  absl::StatusOr<json> e = Resolve(p, Kind::kRedis, json::object(), {{"subnet_group", "public"}});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReason(e.status()), "not_overridable");
  EXPECT_EQ(ErrorField(e.status()), "overrides.subnet_group");
  EXPECT_NE(e.status().message().find("backup_retention_days"), std::string::npos);
  // An allowed setting still has to be valid, and a setting must exist for the kind.
  EXPECT_EQ(ErrorField(
                Resolve(p, Kind::kRedis, json::object(), {{"backup_retention_days", 99}}).status()),
            "overrides.backup_retention_days");
  EXPECT_EQ(
      ErrorField(Resolve(p, Kind::kStaticSite, json::object(), {{"node_types", "x"}}).status()),
      "overrides.node_types");
  EXPECT_EQ(ErrorField(Resolve(p, Kind::kRedis, {{"size", "xxl"}}, json::object()).status()),
            "spec.size");
}

TEST(ProfilesTest, WindowsAreUtcAndAtLeastAnHour) {
  EXPECT_EQ(WeeklyWindowMinutes("sun:05:00-sun:06:00"), 60);
  EXPECT_EQ(WeeklyWindowMinutes("sat:23:30-sun:00:30"), 60);
  EXPECT_EQ(WeeklyWindowMinutes("sun:23:30-mon:00:30"), 60);  // over the week's end
  EXPECT_EQ(WeeklyWindowMinutes("sun:05:00-sun:25:00"), -1);
  EXPECT_EQ(DailyWindowMinutes("23:30-00:30"), 60);
  EXPECT_EQ(DailyWindowMinutes("3:00-4:00"), -1);
  json body = ProductionBody();
  body["defaults"]["common"]["maintenance_window"] = "sun:05:00-sun:05:30";
  EXPECT_EQ(ParseErrorField(body), "defaults.common.maintenance_window");
  body = ProductionBody();
  body["defaults"]["common"]["snapshot_window"] = "03:00-03:59";
  EXPECT_EQ(ParseErrorField(body), "defaults.common.snapshot_window");
}

TEST(ProfilesTest, BadProfilesNameTheirField) {
  json body = ProductionBody();
  body.erase("region");
  EXPECT_EQ(ParseErrorField(body), "region");  // aws needs one
  body = ProductionBody();
  body["defaults"]["redis"]["size"] = "huge";
  EXPECT_EQ(ParseErrorField(body), "defaults.redis.size");
  body = ProductionBody();
  body["defaults"]["common"]["subnet_grup"] = "x";
  EXPECT_EQ(ParseErrorField(body), "defaults.common.subnet_grup");
  body = ProductionBody();
  body["defaults"]["postgres"] = json::object();
  EXPECT_EQ(ParseErrorField(body), "defaults.postgres");
  body = ProductionBody();
  body["overridable"] = {"everything"};
  EXPECT_EQ(ParseErrorField(body), "overridable");
  body = ProductionBody();
  body["prices"]["redis"]["m"] = -1;
  EXPECT_EQ(ParseErrorField(body), "prices.redis.m");
  body = ProductionBody();
  body["defaults"]["redis"]["node_types"].erase("l");
  EXPECT_EQ(ParseErrorField(body), "defaults.redis.node_types.l");
  body = ProductionBody();
  body["account"] = "../etc";
  EXPECT_EQ(ParseErrorField(body), "account");
  EXPECT_EQ(ParseErrorField(json::array()), "");
}

TEST(ProfilesTest, TheAwsProviderSettingsAreCheckedAndGoToTheirKinds) {
  json body = ProductionBody();
  body["defaults"]["common"]["subnets"] = {"subnet-0a1", "subnet-0b2"};
  body["defaults"]["static-site"] = {{"hosted_zone_id", "Z0123"},
                                     {"certificate_arn", "arn:aws:acm:us-east-1:1:certificate/x"}};
  Profile p = MustParse(body);
  absl::StatusOr<json> redis = Resolve(p, Kind::kRedis, json::object(), json::object());
  ASSERT_TRUE(redis.ok()) << redis.status();
  EXPECT_EQ((*redis)["subnets"]["value"], json({"subnet-0a1", "subnet-0b2"}));
  EXPECT_FALSE(redis->contains("hosted_zone_id"));
  absl::StatusOr<json> site =
      Resolve(p, Kind::kStaticSite, {{"domain", "docs.example.com"}}, json::object());
  ASSERT_TRUE(site.ok()) << site.status();
  EXPECT_EQ((*site)["hosted_zone_id"]["value"], "Z0123");
  EXPECT_EQ((*site)["certificate_arn"]["source"], "standard");

  body["defaults"]["common"]["subnets"] = "subnet-0a1";
  EXPECT_EQ(ParseErrorField(body), "defaults.common.subnets");
}

TEST(ProfilesTest, ALocalProfileNeedsNoRegionAndRoundTrips) {
  Profile p = MustParse({{"account", "local"}, {"environment", "alpha"}});
  EXPECT_EQ(p.provider, "local");
  EXPECT_EQ(p.region, "local");
  Profile again = MustParse(ProfileToJson(MustParse(ProductionBody())));
  EXPECT_EQ(again.overridable, std::set<std::string>{"backup_retention_days"});
  EXPECT_EQ(again.defaults, ProductionBody()["defaults"]);
  EXPECT_LT(MonthlyPrice(p, Kind::kRedis, json::object()), 0);  // no price table
}

}  // namespace
}  // namespace paved::resources
