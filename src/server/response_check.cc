#include "server/response_check.h"

#include <string>

#include "http/errors.h"
#include "spdlog/spdlog.h"

namespace paved::server {

namespace {

bool DocumentedStatus(const http::Route& route, int status) {
  return status == route.success || (route.success == 201 && status == 200);
}

}  // namespace

http::Response CheckResponse(const http::Route& route, http::Response r) {
  if (r.status >= 200 && r.status <= 299 && !DocumentedStatus(route, r.status)) {
    const std::string message = route.method + " " + route.path + " answered " +
                                std::to_string(r.status) + ", but documents " +
                                std::to_string(route.success);
    spdlog::error("{}", message);
    return http::ErrorResponse(500, "response_status", message);
  }
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
