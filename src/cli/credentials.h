#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace paved::cli {

// What `paved login` remembers: the server and an API token for it.
struct Credentials {
  std::string server;    // base URL, e.g. "https://paved.example.com"
  std::string token;     // "pvd_..."
  std::string token_id;  // empty when the token was given with --token (it cannot be revoked
                         // by `paved logout` then)
  std::string login;     // who the token belongs to, for messages
};

// $XDG_CONFIG_HOME/paved/config.json, else $HOME/.config/paved/config.json.
// Fails with FailedPrecondition when neither variable is set.
absl::StatusOr<std::string> DefaultCredentialsPath();

// Reads the file at `path`. Returns nullopt when it does not exist; InvalidArgument when it is
// not a JSON object with string fields.
absl::StatusOr<std::optional<Credentials>> LoadCredentials(const std::string& path);

// Writes `credentials` to `path` atomically with mode 0600, creating missing parent
// directories with mode 0700.
absl::Status SaveCredentials(const std::string& path, const Credentials& credentials);

// Deletes the file at `path`; OK when it does not exist.
absl::Status RemoveCredentials(const std::string& path);

}  // namespace paved::cli
