#include "providers/aws/account_config.h"

#include <algorithm>
#include <cctype>

#include "core/status_macros.h"

namespace paved::aws {
absl::Status ConfigError(const std::string& key, const std::string& message) {
  return absl::InvalidArgumentError("config " + key + ": " + message);
}

absl::StatusOr<std::string> ConfigString(const nlohmann::json& obj, const char* name,
                                         const std::string& key) {
  if (!obj.contains(name) || obj[name].is_null()) return std::string();
  if (!obj[name].is_string()) return ConfigError(key + "." + name, "must be a string");
  return obj[name].get<std::string>();
}

absl::StatusOr<std::string> ConfigAccountId(const nlohmann::json& a, const std::string& key) {
  std::string id;
  if (a.contains("id") && a["id"].is_number_unsigned()) {
    id = std::to_string(a["id"].get<uint64_t>());  // YAML read an unquoted id as a number
    if (id.size() < 12) id = std::string(12 - id.size(), '0') + id;
  } else {
    ASSIGN_OR_RETURN(id, ConfigString(a, "id", key));
  }
  if (id.size() != 12 || !std::all_of(id.begin(), id.end(), ::isdigit)) {
    return ConfigError(key + ".id", "must be a 12-digit AWS account id");
  }
  return id;
}

absl::StatusOr<Credentials> ConfigCredentials(const nlohmann::json& a, const std::string& key,
                                              const EnvLookup& env) {
  Credentials c;
  ASSIGN_OR_RETURN(c.access_key_id, ConfigString(a, "access_key_id", key));
  ASSIGN_OR_RETURN(c.secret_access_key, ConfigString(a, "secret_access_key", key));
  ASSIGN_OR_RETURN(c.session_token, ConfigString(a, "session_token", key));
  if (c.access_key_id.empty() && c.secret_access_key.empty()) {
    c.access_key_id = env("AWS_ACCESS_KEY_ID");
    c.secret_access_key = env("AWS_SECRET_ACCESS_KEY");
    if (c.session_token.empty()) c.session_token = env("AWS_SESSION_TOKEN");
  }
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    return ConfigError(key,
                       "needs access_key_id and secret_access_key (or AWS_ACCESS_KEY_ID and "
                       "AWS_SECRET_ACCESS_KEY in the environment)");
  }
  return c;
}

}  // namespace paved::aws
