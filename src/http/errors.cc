#include "http/errors.h"

#include "nlohmann/json.hpp"
#include "spdlog/spdlog.h"

namespace paved::http {
Response ErrorResponse(int http_status, const std::string& code, const std::string& message,
                       const std::string& field) {
  nlohmann::json err = {{"code", code}, {"message", message}};
  if (!field.empty()) err["field"] = field;
  Response r;
  r.status = http_status;
  r.SetHeader("Content-Type", "application/json");
  // Messages quote what the client sent (a path, a value), which need not be UTF-8.
  r.body =
      nlohmann::json{{"error", err}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response ErrorFromStatus(const absl::Status& status) {
  std::string code = ErrorReason(status);
  std::string field = ErrorField(status);
  std::string message(status.message());
  auto pick = [&](int http, const char* fallback) {
    return ErrorResponse(http, code.empty() ? fallback : code, message, field);
  };
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      return pick(code == "invalid_json" ? 400 : 422, "invalid_field");
    case absl::StatusCode::kUnauthenticated:
      return pick(401, "unauthenticated");
    case absl::StatusCode::kPermissionDenied:
      return pick(403, "forbidden");
    case absl::StatusCode::kNotFound:
      return pick(404, "not_found");
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
      return pick(409, "conflict");
    case absl::StatusCode::kResourceExhausted:
      // A body or a store over its size limit is 413 ("payload_too_large", "site_too_large").
      return pick(code.ends_with("_too_large") ? 413 : 429, "rate_limited");
    case absl::StatusCode::kUnimplemented:
      return pick(400, "not_supported");
    case absl::StatusCode::kUnavailable:
      spdlog::warn("unavailable: {}", message);
      return ErrorResponse(503, "unavailable", "a backing service is unavailable; retry later");
    default:
      spdlog::error("internal error: {}", status.ToString());
      return ErrorResponse(500, "internal", "internal error");
  }
}

}  // namespace paved::http
