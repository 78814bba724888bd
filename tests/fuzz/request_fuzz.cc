// Requests through the router, path parameters, paging and JSON body validation, answered the
// way the server answers them. Input: "METHOD TARGET" on the first line, then the body.
// Checks: nothing throws, every answer is below 500 and an error answer is a JSON error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/status_macros.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "http/router.h"
#include "nlohmann/json.hpp"
#include "tests/fuzz/fuzz_check.h"

namespace paved::http {
namespace {

const BodySchema kBody = {
    {.name = "name", .required = true},
    {.name = "kind", .one_of = {"service", "worker", "cronjob"}},
    {.name = "replicas", .type = FieldType::kInteger},
    {.name = "enabled", .type = FieldType::kBool},
    {.name = "labels", .type = FieldType::kObject},
    {.name = "tags", .type = FieldType::kArray},
};

// What a typical handler does with a request before touching the store.
absl::StatusOr<Response> Echo(Context& ctx) {
  ASSIGN_OR_RETURN(PageRequest page, ParsePage(ctx.req));
  fuzz::Check(page.limit >= 1 && page.limit <= 500, "limit out of range");
  for (const auto& [name, value] : ctx.req.path_params) RETURN_IF_ERROR(CheckSlug(name, value));
  nlohmann::json out = {{"limit", page.limit}, {"cursor", page.cursor}};
  if (ctx.req.method == "POST" || ctx.req.method == "PUT") {
    ASSIGN_OR_RETURN(out["body"], ParseBody(ctx.req, kBody));
    fuzz::Check(out["body"]["name"].is_string(), "required string field not a string");
  }
  return JsonResponse(200, out);
}

const Router& TheRouter() {
  static const Router* router = [] {
    auto* r = new Router;
    for (const char* pattern :
         {"/api/v1/projects", "/api/v1/projects/{slug}", "/api/v1/projects/{slug}/envs/{env}",
          "/api/v1/teams/mine", "/api/v1/teams/{team}", "/api/v1/teams/{team}/members/{login}"}) {
      r->Add(Route{.method = "GET", .path = pattern, .handler = Handle(Echo)});
      r->Add(Route{.method = "POST", .path = pattern, .request = kBody, .handler = Handle(Echo)});
    }
    r->Add(Route{.method = "PUT", .path = "/api/v1/projects/{slug}", .handler = Handle(Echo)});
    r->Add(Route{.method = "DELETE", .path = "/api/v1/projects/{slug}", .handler = Handle(Echo)});
    return r;
  }();
  return *router;
}

// The dispatcher's answer without credentials (server/app.cc).
Response Dispatch(Request& req) {
  Router::Match match = TheRouter().Find(req.method, req.path);
  if (!match.route) {
    if (!match.allowed_methods.empty()) return ErrorResponse(405, "method_not_allowed", "no");
    return ErrorResponse(404, "not_found", "no route");
  }
  req.path_params = std::move(match.params);
  Context ctx{req, nullptr};
  return match.route->handler(ctx);
}

void FuzzOne(const std::string& input) {
  size_t eol = input.find('\n');
  std::string line = input.substr(0, eol);
  std::string body = eol == std::string::npos ? "" : input.substr(eol + 1);
  size_t space = line.find(' ');
  if (space == std::string::npos || line.compare(space + 1, 1, "/") != 0) return;  // server: 400
  Request req = MakeRequest(line.substr(0, space), line.substr(space + 1), body);
  Response r = Dispatch(req);
  fuzz::Check(r.status >= 200 && r.status < 500, "answered " + std::to_string(r.status));
  if (r.status >= 400) {
    auto error = nlohmann::json::parse(r.body, nullptr, false);
    fuzz::Check(error.is_object() && error.contains("error"), "error answer is not JSON");
  }
}

}  // namespace
}  // namespace paved::http

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  paved::http::FuzzOne(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
