#pragma once

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "resources/resource.h"

namespace paved::resources {

// The company standard for resources in one (cloud account, environment): platform config
// that sre and admin own (table `resource_profiles`). `defaults` holds settings by kind
// ("redis", "static-site", "dynamodb") and for every kind ("common"):
//   common:  subnet_group (an existing one) or subnets (Paved makes a group), security_groups,
//            availability_zones, snapshot_window ("hh:mm-hh:mm"),
//            maintenance_window ("ddd:hh:mm-ddd:hh:mm", at least 60 minutes, UTC),
//            encryption_at_rest, encryption_in_transit, backup_retention_days, tags
//   redis:   node_types {s,m,l}, maxmemory_mb {s,m,l}, parameter_groups {version: name or
//            "create"}, and defaults for the spec fields (size, engine_version, ...)
//   static-site: defaults for its spec fields, hosted_zone_id (Route 53, for `domain`),
//            certificate_arn (ACM, us-east-1, so CloudFront answers for `domain`)
//   dynamodb: defaults for its spec fields, plus point_in_time_recovery
// A developer always chooses the spec fields (kinds.h); other settings only when listed in
// `overridable`. `prices` gives an estimated monthly USD price by kind and size
// ({"redis": {"s": 12.4, ...}, "dynamodb": {"base": 1.5}}) that the cost view reuses.
struct Profile {
  std::string account;
  std::string environment;
  std::string provider = "local";  // local | aws
  std::string region;
  nlohmann::json defaults = nlohmann::json::object();
  std::set<std::string> overridable;
  nlohmann::json prices = nlohmann::json::object();
  std::string updated_by;
  int64_t updated_at_ms = 0;
};

// Reads a profile from its JSON form (what the API and the config file take). Every error
// names its field ("defaults.common.maintenance_window").
absl::StatusOr<Profile> ParseProfile(const nlohmann::json& body);
nlohmann::json ProfileToJson(const Profile& profile);

// The settings a resource gets: for every spec field and every platform setting that applies
// to `kind`, {"value": ..., "source": "team" | "standard"}. `overrides` are platform settings
// the developer asked to change: PermissionDenied "not_overridable" naming the field unless the
// profile allows it; a value that is not valid for the setting is InvalidField.
absl::StatusOr<nlohmann::json> Resolve(const Profile& profile, Kind kind,
                                       const nlohmann::json& spec, const nlohmann::json& overrides);

// The profile's estimated monthly price for a resource with these effective settings, or a
// negative number when the profile has none.
double MonthlyPrice(const Profile& profile, Kind kind, const nlohmann::json& effective);

// Minutes a "ddd:hh:mm-ddd:hh:mm" weekly window lasts (wrapping over the week's end), or -1
// when it is not such a window.
int WeeklyWindowMinutes(const std::string& window);
// Minutes a "hh:mm-hh:mm" daily window lasts (wrapping over midnight), or -1.
int DailyWindowMinutes(const std::string& window);

}  // namespace paved::resources
