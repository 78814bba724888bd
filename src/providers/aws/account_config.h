#pragma once

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "providers/aws/sigv4.h"

namespace paved::aws {

// Reads a variable of the process environment ("" when unset); tests pass their own.
using EnvLookup = std::function<std::string(const std::string& name)>;

// InvalidArgument "config <key>: <message>", how every config error of these helpers reads.
absl::Status ConfigError(const std::string& key, const std::string& message);
// The string `name` of the mapping `obj` at `key`: "" when absent or null, ConfigError
// "<key>.<name>: must be a string" when it is something else.
absl::StatusOr<std::string> ConfigString(const nlohmann::json& obj, const char* name,
                                         const std::string& key);

// The `id` of an AWS account in a config mapping at `key` ("catalog.aws.accounts[0]"): 12 digits,
// also when YAML read an unquoted id as a number. Errors are InvalidArgument
// "config <key>.id: ...".
absl::StatusOr<std::string> ConfigAccountId(const nlohmann::json& account, const std::string& key);

// The keys of an account mapping: access_key_id, secret_access_key, session_token; when it names
// neither key, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN from `env`.
// InvalidArgument "config <key>: ..." when a value is not a string or no key pair is found.
absl::StatusOr<Credentials> ConfigCredentials(const nlohmann::json& account, const std::string& key,
                                              const EnvLookup& env);

}  // namespace paved::aws
