#pragma once

#include <string>
#include <utility>

#include "absl/status/status.h"

namespace paved::aws {

// How every AWS client of this folder turns an AWS error answer into a status, whatever the
// protocol it came in (JSON `__type`, Query and REST-XML `<Error><Code>`):
// - throttling codes, HTTP 5xx → Unavailable (retryable);
// - bad credentials or signatures, AccessDenied → PermissionDenied;
// - InvalidParameter*/Validation* → InvalidArgument;
// - any other 4xx → FailedPrecondition.
// The code travels in the status payload (AwsErrorCode) and in the message
// ("AWS <code> (HTTP <status>, <context>): <message>").
absl::Status AwsErrorStatus(int http_status, std::string code, const std::string& message,
                            const std::string& context);

// The AWS error code ("ThrottlingException") carried by a status from these clients; "" if none.
std::string AwsErrorCode(const absl::Status& status);
// Whether retrying later may succeed (throttling, 5xx, network).
bool IsRetryable(const absl::Status& status);

// "https://tagging.{region}.amazonaws.com" → "https://tagging.us-east-1.amazonaws.com/".
std::string EndpointUrl(const std::string& endpoint, const std::string& region);
// "https://host:port/path" → ("host:port", "/path").
std::pair<std::string, std::string> HostAndPath(const std::string& url);

}  // namespace paved::aws
