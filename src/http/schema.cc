#include "http/schema.h"

#include <cmath>
#include <optional>

#include "absl/strings/str_join.h"

namespace paved::http {
namespace {

using json = nlohmann::json;

constexpr char kNameKey[] = "x-paved-name";

Schema Typed(const char* type) { return {.json = {{"type", type}}}; }

Schema ObjectOf(std::vector<Property> properties, bool closed) {
  json props = json::object();
  json required = json::array();
  for (auto& [name, s] : properties) {
    if (!s.optional) required.push_back(name);
    props[name] = std::move(s.json);
  }
  json out = {{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) out["required"] = std::move(required);
  out["additionalProperties"] = !closed ? json(true) : json(false);
  return {.json = std::move(out)};
}

std::string TypeOf(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "integer";
    case json::value_t::number_float:
      return "number";
    case json::value_t::string:
      return "string";
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    default:
      return "value";
  }
}

bool HasType(const std::string& want, const json& v) {
  if (want == "number") return v.is_number();
  if (want == "integer") {
    return v.is_number_integer() ||
           (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
  }
  return TypeOf(v) == want;
}

absl::Status Mismatch(const std::string& path, const std::string& what) {
  return absl::InvalidArgumentError(path + ": " + what);
}

absl::Status Check(const json& schema, const json& v, const std::string& path);

absl::Status CheckObject(const json& schema, const json& v, const std::string& path) {
  const json props = schema.value("properties", json::object());
  for (const auto& name : schema.value("required", json::array())) {
    if (!v.contains(name.get<std::string>())) {
      return Mismatch(path, "missing required property \"" + name.get<std::string>() + "\"");
    }
  }
  const json extra = schema.value("additionalProperties", json(true));
  for (const auto& [key, item] : v.items()) {
    const std::string at = path + "." + key;
    if (props.contains(key)) {
      if (auto s = Check(props[key], item, at); !s.ok()) return s;
    } else if (extra.is_boolean() && !extra.get<bool>()) {
      return Mismatch(at, "property not in the schema");
    } else if (extra.is_object()) {
      if (auto s = Check(extra, item, at); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckArray(const json& schema, const json& v, const std::string& path) {
  if (!schema.contains("items")) return absl::OkStatus();
  for (size_t i = 0; i < v.size(); ++i) {
    if (auto s = Check(schema["items"], v[i], path + "[" + std::to_string(i) + "]"); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// Exactly one alternative matches. When none does, the mismatch inside the alternative of the
// value's type says more than "none" (e.g. `$[1]: expected string, got number`).
absl::Status CheckOneOf(const json& alternatives, const json& v, const std::string& path) {
  int matches = 0;
  std::optional<absl::Status> of_its_type;
  std::vector<std::string> types;
  for (const json& alternative : alternatives) {
    absl::Status s = Check(alternative, v, path);
    matches += s.ok();
    const std::string type = alternative.value("type", "");
    types.push_back(type.empty() ? "value" : type);
    if (!s.ok() && !of_its_type && HasType(type, v)) of_its_type = s;
  }
  if (matches == 1) return absl::OkStatus();
  if (matches > 1) return Mismatch(path, "matches more than one alternative");
  if (of_its_type) return *of_its_type;
  return Mismatch(path, "expected " + absl::StrJoin(types, " or ") + ", got " + TypeOf(v));
}

absl::Status Check(const json& schema, const json& v, const std::string& path) {
  if (v.is_null() && schema.value("nullable", false)) return absl::OkStatus();
  if (schema.contains("oneOf")) {
    if (auto s = CheckOneOf(schema["oneOf"], v, path); !s.ok()) return s;
  }
  for (const json& part : schema.value("allOf", json::array())) {
    if (auto s = Check(part, v, path); !s.ok()) return s;
  }
  if (!schema.contains("type")) return absl::OkStatus();
  const std::string type = schema["type"].get<std::string>();
  if (!HasType(type, v)) return Mismatch(path, "expected " + type + ", got " + TypeOf(v));
  if (schema.contains("enum") &&
      std::find(schema["enum"].begin(), schema["enum"].end(), v) == schema["enum"].end()) {
    return Mismatch(path, "value " + v.dump() + " is not one of " + schema["enum"].dump());
  }
  if (type == "object") return CheckObject(schema, v, path);
  if (type == "array") return CheckArray(schema, v, path);
  return absl::OkStatus();
}

}  // namespace

Schema String() { return Typed("string"); }
Schema Integer() { return Typed("integer"); }
Schema Number() { return Typed("number"); }
Schema Boolean() { return Typed("boolean"); }
Schema Any() { return {}; }

Schema Array(const Schema& items) { return {.json = {{"type", "array"}, {"items", items.json}}}; }

Schema Object(std::vector<Property> properties) { return ObjectOf(std::move(properties), true); }

Schema OpenObject(std::vector<Property> properties) {
  return ObjectOf(std::move(properties), false);
}

Schema Map(const Schema& values) {
  return {.json = {{"type", "object"}, {"additionalProperties", values.json}}};
}

Schema Enum(std::vector<std::string> values) {
  return {.json = {{"type", "string"}, {"enum", std::move(values)}}};
}

Schema OneOf(std::vector<Schema> alternatives) {
  json list = json::array();
  for (Schema& s : alternatives) list.push_back(std::move(s.json));
  return {.json = {{"oneOf", std::move(list)}}};
}

Schema Nullable(const Schema& s) {
  // A named schema becomes a $ref, whose siblings OpenAPI 3.0 ignores: wrap it instead.
  if (!SchemaName(s.json).empty() || s.json.empty()) {
    return {.json = {{"nullable", true}, {"allOf", json::array({s.json})}}};
  }
  Schema out = s;
  out.json["nullable"] = true;
  out.optional = false;
  return out;
}

Schema Optional(Schema s) {
  s.optional = true;
  return s;
}

Schema Named(const std::string& name, const Schema& s) {
  Schema out = s;
  out.json[kNameKey] = name;
  out.optional = false;
  return out;
}

Schema PageOf(const Schema& item) {
  return Object({{"items", Array(item)}, {"next_cursor", Nullable(String())}});
}

std::string SchemaName(const json& schema_json) {
  if (!schema_json.is_object()) return "";
  auto it = schema_json.find(kNameKey);
  return it != schema_json.end() && it->is_string() ? it->get<std::string>() : "";
}

absl::Status Validate(const Schema& schema, const json& value) {
  return ValidateJson(schema.json, value);
}

absl::Status ValidateJson(const json& schema_json, const json& value) {
  return Check(schema_json, value, "$");
}

}  // namespace paved::http
