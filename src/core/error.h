#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace paved {

// A domain's failure, as a value: the status code says what kind of failure it is, the reason
// (snake_case, e.g. "unknown_environment") says which one a client can act on, and the field
// names the offending input. Domains return these and never think about HTTP; the HTTP layer
// turns them into status codes and the JSON error body in exactly one place
// (http::ErrorFromStatus).
absl::Status DomainError(absl::StatusCode code, const std::string& reason,
                         const std::string& message, const std::string& field = "");
// InvalidArgument "invalid_field" about `field`.
absl::Status InvalidField(const std::string& field, const std::string& message);
// InvalidArgument "missing_field": `field` is required.
absl::Status MissingField(const std::string& field);

// A client's value to quote in an error message: whole when short, else its first `max_bytes`
// (whole UTF-8 characters) and "…", so a long value does not come back at full length.
std::string Shortened(std::string_view value, size_t max_bytes = 64);

// The reason and the field a DomainError names, "" when none.
std::string ErrorReason(const absl::Status& status);
std::string ErrorField(const absl::Status& status);

}  // namespace paved
