#include "server/response_check.h"

#include <string>

#include "http/errors.h"
#include "spdlog/spdlog.h"

namespace paved::server {

http::Response CheckResponse(const http::Route& route, http::Response r) {
  if (!route.response || r.stream || r.status < 200 || r.status > 299 ||
      r.Header("Content-Type").rfind("application/json", 0) != 0) {
    return r;
  }
  const nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
  const absl::Status valid = body.is_discarded()
                                 ? absl::InvalidArgumentError("$: the body is not JSON")
                                 : http::Validate(*route.response, body);
  if (valid.ok()) return r;
  spdlog::error("the answer of {} {} does not match its response schema: {}", route.method,
                route.path, std::string(valid.message()));
  return http::ErrorResponse(500, "response_schema",
                             route.method + " " + route.path +
                                 " answered a body its response schema does not describe: " +
                                 std::string(valid.message()));
}

}  // namespace paved::server
