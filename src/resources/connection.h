#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "deploy/secrets/secret_store.h"
#include "nlohmann/json.hpp"
#include "resources/resource.h"
#include "resources/resource_store.h"
#include "store/store.h"

namespace paved::resources {

// How an app reaches a resource, and the secrets that go with it.
//
// A Redis gets an auth token that Paved generates when it is created; the creation's answer
// shows it once and nothing returns it again. The token, and the URL an app gets through
// `resources: [<name>]` in paved.yaml, are secrets of the project in the resource's environment,
// encrypted by the secret store under names no secret a user writes can have (they hold dots):
// `resource.<name>.auth-token` and `resource.<name>.url`.
class ConnectionSecrets {
 public:
  explicit ConnectionSecrets(deploy::SecretStore* secrets) : secrets_(secrets) {}

  static std::string TokenSecret(const std::string& resource_name);
  static std::string UrlSecret(const std::string& resource_name);

  // Stores a new token for `r` inside `tx` (with the resource's creation).
  absl::Status PutToken(store::Tx& tx, const Resource& r, const std::string& token);
  // The latest token of `r`; NotFound when it has none.
  absl::StatusOr<std::string> Token(const Resource& r);
  // Stores the URL of a ready Redis (its token, host and port) inside `tx`, with its status.
  absl::Status PutUrl(store::Tx& tx, const Resource& r);

 private:
  deploy::SecretStore* secrets_;
};

// A fresh token: 32 random bytes, URL-safe (it goes into redis:// URLs unescaped).
std::string NewAuthToken();

// What the resource's page shows about reaching it, with no secret in it: host, port, the
// environment variables a deploy gets (secret ones by name only) and a command to connect (a
// local static site: its url, and the command that uploads to it). Null while the resource is
// not ready.
nlohmann::json ConnectionInfo(const Resource& r);

// The variables an app gets for `r` through `resources:` in paved.yaml: plain values by name,
// and secret ones as name → secret of the project. `prefix` replaces the kind's own ("REDIS").
struct ConnectionEnv {
  std::map<std::string, std::string> values;
  std::map<std::string, std::string> secrets;
};
ConnectionEnv EnvFor(const Resource& r, const std::string& prefix = "");

// The variables a deploy of the project to `environment` gets for its resource `name`. Errors
// name the field "spec": InvalidArgument (unresolved_reference) when there is no such resource
// there, FailedPrecondition (resource_not_ready) while it is not ready.
absl::StatusOr<ConnectionEnv> DeployEnv(ResourceStore& store, const std::string& project_id,
                                        const std::string& environment, const std::string& name,
                                        const std::string& prefix);

}  // namespace paved::resources
