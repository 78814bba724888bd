#pragma once

#include <string>

#include "absl/status/status.h"
#include "core/error.h"
#include "http/message.h"

namespace paved::http {

// The status → HTTP mapping lives in exactly one place: ErrorFromStatus(). Domains return
// DomainError()s (core/error.h); the reason becomes the JSON error's code.
//   InvalidArgument     → 422 invalid_field (or the reason: invalid_json → 400,
//                          missing_field / unknown_field → 422)
//   Unauthenticated     → 401 unauthenticated     PermissionDenied → 403 forbidden
//   NotFound            → 404 not_found           AlreadyExists / FailedPrecondition → 409 conflict
//   ResourceExhausted   → 429 rate_limited        Unavailable → 503 unavailable
//   Unimplemented       → 400 not_supported (the target cannot do this, e.g. logs from a
//                          GitOps cluster: a request not to repeat, unlike a 409 or a 5xx)
//   anything else       → 500 internal (message replaced; the real one is logged)
// Route files may keep the short names below.
inline absl::Status ApiError(absl::StatusCode code, const std::string& api_code,
                             const std::string& message, const std::string& field = "") {
  return DomainError(code, api_code, message, field);
}
using ::paved::ErrorField;
using ::paved::InvalidField;
using ::paved::MissingField;

Response ErrorFromStatus(const absl::Status& status);
// {"error":{"code","message","field"?}} with the given HTTP status.
Response ErrorResponse(int http_status, const std::string& code, const std::string& message,
                       const std::string& field = "");

}  // namespace paved::http
