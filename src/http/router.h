#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/caller.h"
#include "http/json_body.h"
#include "http/message.h"
#include "http/schema.h"

namespace paved::http {

// Identity lives in core; route files keep their short names.
using Access = ::paved::Access;
using Caller = ::paved::Caller;

struct Context {
  Request& req;
  const Caller* caller = nullptr;  // null only on kPublic routes called anonymously
  const std::string& Param(const std::string& name) const { return req.path_params.at(name); }
};

using RouteHandler = std::function<Response(Context&)>;

// One entry of a domain's route table; written with designated initialisers in this order:
//   {.method = "GET", .path = "/api/v1/x/{id}", .access = Access::kViewer, .summary = "...",
//    .tag = "x", .response = XSchema(), .success = 201, .handler = http::Handle(...)}
struct Route {
  std::string method;
  // "/api/v1/projects/{slug}"; {name} segments are parameters. A last segment {name...} takes
  // the rest of the path, slashes included, possibly empty ("/sites/{id}/{path...}" gives path
  // "" for "/sites/x/"), and is left out of the parameters when the path stops before its
  // slash ("/sites/x").
  std::string path;
  Access access = Access::kViewer;    // coarse role the dispatcher checks
  std::string summary;                // one line for the OpenAPI document
  std::string tag;                    // OpenAPI tag (domain)
  std::vector<std::string> query;     // documented query parameters
  std::optional<BodySchema> request;  // JSON request body, when the route takes one
  std::optional<Schema> response;     // JSON body of a success answer (required for JSON ones)
  // The status of a success answer: 201 created, 202 accepted, 204 no content. A route that
  // answers 201 when it creates and 200 when the same request changed nothing says 201.
  int success = 200;
  // The media type of a success answer: "text/plain", "application/yaml", "text/event-stream"
  // (a stream), or "" for an empty body. JSON answers are described by `response`.
  std::string produces = "application/json";
  RouteHandler handler;
  // kPublic routes that check their own credentials (webhook tokens, signatures): the dispatcher
  // does not look the caller up, so a source's token is never taken for a user's.
  bool authenticates_itself = false;
  // An upload route's body limit when it is larger than the server's usual one. Only a caller
  // the route admits gets it (the dispatcher decides from the request's head); everyone else is
  // held to the usual limit before the body is read. 0: the usual limit.
  size_t max_body_bytes = 0;
};

// Method + path matching with {param} segments. Literal segments win over parameters.
class Router {
 public:
  // REQUIRES: not called after serving starts; a duplicate (method, path) is a code bug.
  void Add(Route route);
  // Adds every route of a domain's table, in order.
  void Add(std::vector<Route> routes);

  struct Match {
    const Route* route = nullptr;  // null: not found or method not allowed
    std::map<std::string, std::string> params;
    std::vector<std::string> allowed_methods;  // non-empty when the path exists for others
  };
  Match Find(const std::string& method, const std::string& path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Compiled {
    std::vector<std::string> segments;  // "{x}" marks a parameter
  };
  static std::vector<std::string> Split(const std::string& path);
  static bool MatchSegments(const Compiled& c, const std::vector<std::string>& parts,
                            std::map<std::string, std::string>* params);
  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
};

}  // namespace paved::http

namespace paved::http {

// Adapts a handler that reports failures as a Status: errors become JSON error responses via
// ErrorFromStatus, so handlers simply `return status;` or ASSIGN_OR_RETURN.
using StatusHandler = std::function<absl::StatusOr<Response>(Context&)>;
RouteHandler Handle(StatusHandler handler);

// A route handler calling `api->fn(ctx)`; the api object lives as long as the router.
template <typename Api>
RouteHandler Bind(std::shared_ptr<Api> api, absl::StatusOr<Response> (Api::*fn)(Context&)) {
  return Handle([api = std::move(api), fn](Context& ctx) { return ((*api).*fn)(ctx); });
}

}  // namespace paved::http
