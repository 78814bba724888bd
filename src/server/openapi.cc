#include "server/openapi.h"

#include <algorithm>
#include <cctype>

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

nlohmann::json Operation(const http::Route& r) {
  nlohmann::json op = {{"summary", r.summary},
                       {"operationId", Lower(r.method) + r.path},
                       {"tags", {r.tag.empty() ? "platform" : r.tag}}};
  nlohmann::json params = nlohmann::json::array();
  for (size_t pos = r.path.find('{'); pos != std::string::npos; pos = r.path.find('{', pos + 1)) {
    std::string name = r.path.substr(pos + 1, r.path.find('}', pos) - pos - 1);
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
  int ok = r.method == "POST" ? 201 : (r.method == "DELETE" ? 204 : 200);
  op["responses"] = {
      {std::to_string(ok), {{"description", "success"}}},
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

nlohmann::json BuildOpenApi(const http::Router& router, const std::string& version) {
  nlohmann::json paths = nlohmann::json::object();
  for (const http::Route& r : router.routes()) paths[r.path][Lower(r.method)] = Operation(r);
  return {
      {"openapi", "3.0.3"},
      {"info", {{"title", "Paved API"}, {"version", version}}},
      {"paths", paths},
      {"components",
       {{"schemas", {{"Error", ErrorSchema()}}},
        {"securitySchemes",
         {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
          {"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "paved_session"}}}}}}},
      {"security", {{{"bearer", nlohmann::json::array()}}, {{"session", nlohmann::json::array()}}}},
  };
}

}  // namespace paved::server
