#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace paved::deploy::platform {

// The environment variables a cluster may name: `env:PAVED_CLUSTER_<NAME>`. Paved's own settings
// (PAVED_SECRET_KEY, PAVED_ADMIN_PASSWORD, ...) and every other variable of its environment
// (cloud keys) can never be sent to a cluster's endpoint.
inline constexpr char kClusterEnvPrefix[] = "PAVED_CLUSTER_";

// Where a cluster's credentials reference may point.
struct CredentialsPolicy {
  // Token files (`file:PATH`) and kubeconfigs (`PATH`) must lie inside this directory once
  // symlinks, "." and ".." are resolved; "" = no files at all.
  std::string files_dir = "/etc/paved/clusters";
  // Paved's data directory (database, secret keys): never readable through a reference, not
  // even when it lies inside files_dir; "" = no such directory.
  std::string data_dir;
};

// The errors below never repeat the reference: they also reach deployment views, where only
// admins may see a cluster's credentials.
//
// Checks a reference's form and place without reading anything:
//   ""                         none (the local runtime needs none)
//   "env:PAVED_CLUSTER_NAME"   a variable with the allowed prefix (letters, digits, '_')
//   "file:/absolute/path"      a bearer token file inside policy.files_dir
//   "/absolute/path"           a kubeconfig inside policy.files_dir
// InvalidArgument saying what is allowed otherwise. A value that looks like the secret itself (a
// PEM block, kubeconfig YAML, several lines, a long token without "env:"/"file:"/"/") is refused
// with a message that does not repeat it.
absl::Status CheckCredentialsReference(const std::string& reference,
                                       const CredentialsPolicy& policy);

// The variable an "env:" reference names, when it is an allowed one; InvalidArgument otherwise.
absl::StatusOr<std::string> AllowedEnvVariable(const std::string& reference);

// `path` made canonical (symlinks resolved) when it is absolute, inside policy.files_dir and
// outside policy.data_dir; InvalidArgument otherwise. Read the returned path, not `path`.
absl::StatusOr<std::string> AllowedCredentialsFile(const std::string& path,
                                                   const CredentialsPolicy& policy);

// `path` made canonical when it is outside policy.data_dir (for files a trusted kubeconfig
// names, such as its tokenFile); InvalidArgument otherwise.
absl::StatusOr<std::string> OutsideDataDir(const std::string& path,
                                           const CredentialsPolicy& policy);

}  // namespace paved::deploy::platform
