#include "server/openapi.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace paved::server {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

nlohmann::json ErrorSchema() {
  return {{"type", "object"},
          {"required", {"error"}},
          {"properties",
           {{"error",
             {{"type", "object"},
              {"required", {"code", "message"}},
              {"properties",
               {{"code", {{"type", "string"}}},
                {"message", {{"type", "string"}}},
                {"field", {{"type", "string"}}}}}}}}}};
}

// `schema` with every Named() part replaced by a $ref to components/schemas/<name>, each named
// part (itself so reduced) added to `named`. A name given to two different schemas is a code bug
// and is reported in `conflicts`.
nlohmann::json Reduce(nlohmann::json schema, nlohmann::json& named,
                      std::vector<std::string>& conflicts) {
  if (schema.is_array()) {
    for (auto& item : schema) item = Reduce(std::move(item), named, conflicts);
    return schema;
  }
  if (!schema.is_object()) return schema;
  const std::string name = http::SchemaName(schema);
  schema.erase("x-paved-name");
  for (auto& [key, value] : schema.items()) {
    if (key == "enum") continue;
    if (key == "properties") {
      for (auto& [prop, sub] : value.items()) sub = Reduce(std::move(sub), named, conflicts);
    } else if (value.is_object() || value.is_array()) {
      value = Reduce(std::move(value), named, conflicts);
    }
  }
  if (name.empty()) return schema;
  if (named.contains(name) && named[name] != schema) conflicts.push_back(name);
  if (!named.contains(name)) named[name] = std::move(schema);
  return {{"$ref", "#/components/schemas/" + name}};
}

nlohmann::json Operation(const http::Route& r, nlohmann::json& named,
                         std::vector<std::string>& conflicts) {
  nlohmann::json op = {{"summary", r.summary},
                       {"operationId", Lower(r.method) + r.path},
                       {"tags", {r.tag.empty() ? "platform" : r.tag}}};
  nlohmann::json params = nlohmann::json::array();
  for (size_t pos = r.path.find('{'); pos != std::string::npos; pos = r.path.find('{', pos + 1)) {
    std::string name = r.path.substr(pos + 1, r.path.find('}', pos) - pos - 1);
    if (name.ends_with("...")) name.resize(name.size() - 3);  // the rest of the path
    params.push_back(
        {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
  }
  for (const std::string& q : r.query) {
    params.push_back(
        {{"name", q}, {"in", "query"}, {"required", false}, {"schema", {{"type", "string"}}}});
  }
  if (!params.empty()) op["parameters"] = params;
  if (r.request) {
    op["requestBody"] = {
        {"required", true},
        {"content", {{"application/json", {{"schema", SchemaToOpenApi(*r.request)}}}}}};
  }
  nlohmann::json success = {{"description", "success"}};
  if (r.response) {
    success["content"] = {
        {"application/json", {{"schema", Reduce(r.response->json, named, conflicts)}}}};
  } else if (!r.produces.empty() && r.produces != "application/json" && r.success != 204) {
    success["content"] = {{r.produces, {{"schema", {{"type", "string"}}}}}};
  }
  op["responses"] = {
      {std::to_string(r.success), success},
      {"default",
       {{"description", "error"},
        {"content",
         {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}};
  if (r.access == http::Access::kPublic) {
    op["security"] = nlohmann::json::array();
  } else {
    op["x-paved-access"] = r.access == http::Access::kViewer      ? "viewer"
                           : r.access == http::Access::kDeveloper ? "developer"
                           : r.access == http::Access::kSre       ? "sre"
                                                                  : "admin";
  }
  return op;
}

}  // namespace

std::string OpenApiPath(const std::string& route_path) {
  std::string path = route_path;
  if (path.ends_with("...}")) path.replace(path.size() - 4, 3, "");
  return path;
}

nlohmann::json BuildOpenApi(const http::Router& router, const std::string& version) {
  nlohmann::json paths = nlohmann::json::object();
  nlohmann::json named = {{"Error", ErrorSchema()}};
  std::vector<std::string> conflicts;
  for (const http::Route& r : router.routes()) {
    paths[OpenApiPath(r.path)][Lower(r.method)] = Operation(r, named, conflicts);
  }
  nlohmann::json doc = {
      {"openapi", "3.0.3"},
      {"info", {{"title", "Paved API"}, {"version", version}}},
      {"paths", paths},
      {"components",
       {{"schemas", named},
        {"securitySchemes",
         {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
          {"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "paved_session"}}}}}}},
      {"security", {{{"bearer", nlohmann::json::array()}}, {{"session", nlohmann::json::array()}}}},
  };
  if (!conflicts.empty()) doc["x-paved-schema-conflicts"] = conflicts;
  return doc;
}

}  // namespace paved::server
