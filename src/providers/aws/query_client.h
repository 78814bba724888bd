#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "providers/aws/signed_http.h"
#include "providers/aws/xml.h"

namespace paved::aws {

// Query parameters in the order they are sent; lists are flattened by the caller the way the
// service model says ("SecurityGroupIds.SecurityGroupId.1", "Tags.Tag.1.Key").
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// The AWS Query protocol (ElastiCache, ...): a form-encoded POST to "/" with
// `Action=<action>&Version=<api_version>&...`; XML answers, errors as
// `<ErrorResponse><Error><Code>`. Errors and retries as SignedHttp says.
class QueryClient {
 public:
  QueryClient(http::Client* http, const Clock* clock, ServiceOptions options,
              std::string api_version);

  // On success returns the answer's `<ActionResult>` element (e.g. <CreateCacheSubnetGroupResult>),
  // or the root when it has none; an answer that is not XML is Unavailable.
  absl::StatusOr<XmlElement> Call(const std::string& action, const QueryParams& params);

 private:
  SignedHttp http_;
  std::string api_version_;
};

}  // namespace paved::aws
