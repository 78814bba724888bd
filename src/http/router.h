#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/role.h"
#include "http/json_body.h"
#include "http/message.h"

namespace paved::http {

// Who may call a route. The dispatcher enforces it before the handler runs; finer checks that
// depend on the object (a developer editing only their teams' projects) are made by the handler
// through auth/permissions.h.
enum class Access {
  kPublic,     // anyone, no credentials (health, login, openapi)
  kViewer,     // any signed-in user
  kDeveloper,  // developer, sre, admin
  kSre,        // sre, admin
  kAdmin,      // admin only
};

// The authenticated caller, filled by the dispatcher.
struct Caller {
  std::string user_id;
  std::string login;
  Role role = Role::kViewer;
  std::vector<std::string> team_ids;
  bool via_cookie = false;  // cookie sessions must pass the CSRF check on mutations
  std::string csrf_token;   // of the cookie session
  std::string token_id;     // of the API token, when authenticated by one
};

struct Context {
  Request& req;
  const Caller* caller = nullptr;  // null only on kPublic routes called anonymously
  const std::string& Param(const std::string& name) const { return req.path_params.at(name); }
};

using RouteHandler = std::function<Response(Context&)>;

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/projects/{slug}"
  Access access = Access::kViewer;
  std::string summary;             // one line for the OpenAPI document
  std::string tag;                 // OpenAPI tag (domain)
  std::optional<BodySchema> body;  // JSON request body, when the route takes one
  std::vector<std::string> query;  // documented query parameters
  RouteHandler handler;
  // kPublic routes that check their own credentials (webhook tokens, signatures): the dispatcher
  // does not look the caller up, so a source's token is never taken for a user's.
  bool authenticates_itself = false;
};

// Method + path matching with {param} segments. Literal segments win over parameters.
class Router {
 public:
  // REQUIRES: not called after serving starts; a duplicate (method, pattern) is a code bug.
  void Add(Route route);

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
