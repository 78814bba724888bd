#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "providers/aws/signed_http.h"

namespace paved::aws {

// The AWS JSON protocols (1.0: DynamoDB; 1.1: Resource Groups Tagging): a POST to "/" with
// `X-Amz-Target: <target_prefix><Operation>` and a JSON body; errors name their code in
// `__type` (or the x-amzn-ErrorType header). Errors and retries as SignedHttp says.
class JsonClient {
 public:
  // `json_version` is "1.0" or "1.1"; `target_prefix` e.g. "DynamoDB_20120810.".
  JsonClient(http::Client* http, const Clock* clock, ServiceOptions options,
             std::string target_prefix, std::string json_version);

  // On success returns the answer's JSON object; a malformed answer is Unavailable.
  absl::StatusOr<nlohmann::json> Call(const std::string& operation, const nlohmann::json& body,
                                      const std::string& region = "");

 private:
  SignedHttp http_;
  std::string target_prefix_;
  std::string content_type_;
};

}  // namespace paved::aws
