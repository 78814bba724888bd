#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "deploy/platform/credentials_reference.h"
#include "deploy/platform/platform_store.h"

// Where and as whom Paved talks to a cluster's API server.
namespace paved::deploy::runtime::kubernetes {

struct Credentials {
  std::string server;   // API server URL, e.g. https://10.0.0.1:6443 (no trailing slash)
  std::string token;    // bearer token
  std::string ca_file;  // PEM bundle to verify the server with; "" = the system CAs
  std::string ca_pem;   // inline CA (kubeconfig certificate-authority-data), when no ca_file
  bool insecure_skip_tls_verify = false;
};

// Parses a kubeconfig's current context: the cluster's server, certificate-authority (a path,
// relative to `base_dir`) or certificate-authority-data (base64 PEM), insecure-skip-tls-verify,
// and the user's token or tokenFile (relative to `base_dir`; never inside policy.data_dir).
// InvalidArgument naming what is missing or malformed (no current-context, unknown
// context/cluster/user, no server, no token; client certificates are not supported).
absl::StatusOr<Credentials> ParseKubeconfig(const std::string& yaml, const std::string& base_dir,
                                            const platform::CredentialsPolicy& policy = {});

// Resolves a cluster's credentials reference, allowed only as platform::CheckCredentialsReference
// says under `policy` (checked again here: a reference stored before a rule tightened is refused
// too):
//   "env:PAVED_CLUSTER_NAME"  bearer token in that environment variable; server = endpoint
//   "file:PATH"               bearer token in file PATH (whitespace trimmed); server = endpoint
//   "PATH"                    a kubeconfig; cluster.endpoint, when set, overrides its server.
// Errors: InvalidArgument (empty, disallowed reference, no endpoint, unset variable, bad
// kubeconfig), NotFound (a file that cannot be read).
absl::StatusOr<Credentials> ResolveCredentials(const platform::Cluster& cluster,
                                               const platform::CredentialsPolicy& policy);

// The CA file to hand to the HTTP client: `ca_file`, or `ca_pem` written once to a file under
// `dir` (named by its content hash), or "" for the system CAs.
absl::StatusOr<std::string> CaFileFor(const Credentials& c, const std::string& dir);

}  // namespace paved::deploy::runtime::kubernetes
