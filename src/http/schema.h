#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"

namespace paved::http {

// A JSON Schema (the OpenAPI 3.0 dialect) describing a JSON value, built with the functions
// below. `json` is the schema itself; `optional` only matters to the enclosing Object(): an
// optional property may be absent. A schema wrapped in Named() carries "x-paved-name", which the
// OpenAPI builder turns into a components/schemas entry and a $ref.
struct Schema {
  nlohmann::json json = nlohmann::json::object();
  bool optional = false;
};

using Property = std::pair<std::string, Schema>;

Schema String();
Schema Integer();
Schema Number();  // any JSON number, integral or not
Schema Boolean();
Schema Any();  // any JSON value: free-form documents such as rendered manifests
Schema Array(const Schema& items);
// An object with exactly these properties: each required unless wrapped in Optional(), no
// others allowed.
Schema Object(std::vector<Property> properties);
// Like Object, but other properties are allowed too.
Schema OpenObject(std::vector<Property> properties);
// An object whose keys are free strings and whose values all match `values`.
Schema Map(const Schema& values);
// A string that is one of `values`.
Schema Enum(std::vector<std::string> values);
// A value matching exactly one of `alternatives`, e.g. the string "all" or a list of names.
Schema OneOf(std::vector<Schema> alternatives);
// `s` or null.
Schema Nullable(const Schema& s);
// A property that may be absent from its object.
Schema Optional(Schema s);
// `s` under a name: OpenAPI documents it once as components/schemas/<name>.
// REQUIRES: one name means one schema across the whole document.
Schema Named(const std::string& name, const Schema& s);

// What PageResponse answers: {"items": [item], "next_cursor": string or null}.
Schema PageOf(const Schema& item);

// The name Named() gave `schema_json`, or "" when it has none.
std::string SchemaName(const nlohmann::json& schema_json);

// OK when `value` matches `schema`. Otherwise InvalidArgument naming the JSON path of the first
// mismatch, e.g. `$.items[2].slug: expected string, got number`.
absl::Status Validate(const Schema& schema, const nlohmann::json& value);
absl::Status ValidateJson(const nlohmann::json& schema_json, const nlohmann::json& value);

}  // namespace paved::http
