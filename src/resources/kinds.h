#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "resources/resource.h"

namespace paved::resources {

// The developer-facing spec of each kind: a few fields a developer may set, each with the
// kind's own fallback when neither the developer nor the defaults profile says otherwise.
//   redis:       size s|m|l, engine_version, replicas 0..5, eviction_policy
//   static-site: domain, index_document, error_document
//   dynamodb:    partition_key {name, type S|N|B}, sort_key, billing_mode, read_capacity,
//                write_capacity (PROVISIONED only), ttl_attribute
struct SpecField {
  std::string name;
  nlohmann::json fallback;  // null: no fallback (required, or absent unless set)
  bool required = false;
};
const std::vector<SpecField>& SpecFields(Kind kind);

// Checks `spec` (a JSON object) against `kind`'s fields: unknown fields (with the closest
// known name), wrong types, values out of range, and the cross-field rules (capacities only
// with PROVISIONED billing). Errors are InvalidField naming "spec.<field>". Returns the spec
// unchanged on success.
absl::StatusOr<nlohmann::json> ValidateSpec(Kind kind, const nlohmann::json& spec);

// A table's keys in DynamoDB's shapes, from its effective partition and sort keys:
// AttributeDefinitions [{AttributeName, AttributeType}] and KeySchema [{AttributeName, KeyType}].
struct DynamoDbKeys {
  nlohmann::json attributes = nlohmann::json::array();
  nlohmann::json key_schema = nlohmann::json::array();
};
DynamoDbKeys DynamoDbKeysOf(const Resource& r);

// A name for a resource: 1–40 of [a-z0-9-], starting with a letter, not ending with '-'. Used
// in provider names ("paved-<project>-<name>"), so it is kept short and DNS-safe.
bool IsResourceName(const std::string& name);

}  // namespace paved::resources
