#include "deploy/runtime/kubernetes/kube_config.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/files.h"
#include "core/status_macros.h"
#include "core/yaml.h"

namespace paved::deploy::runtime::kubernetes {
namespace {

namespace fs = std::filesystem;

absl::StatusOr<std::string> ReadCredentialsFile(const std::string& path) {
  std::optional<std::string> text = ReadWholeFile(path);
  // The path is not named: deployment views show this to developers.
  if (!text) return absl::NotFoundError("cannot read a file the cluster's credentials name");
  return std::move(*text);
}

std::string Resolve(const std::string& path, const std::string& base_dir) {
  if (path.empty() || fs::path(path).is_absolute() || base_dir.empty()) return path;
  return (fs::path(base_dir) / path).string();
}

// The entry of a kubeconfig list (clusters, contexts, users) named `name`, as its `field` map.
absl::StatusOr<YAML::Node> Named(const YAML::Node& root, const std::string& list,
                                 const std::string& field, const std::string& name) {
  for (const YAML::Node& entry : root[list]) {
    if (entry["name"] && entry["name"].as<std::string>() == name && entry[field]) {
      return entry[field];
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat("kubeconfig: no ", field, " named '", name, "' in ", list));
}

std::string Scalar(const YAML::Node& node, const std::string& key) {
  return node[key] && node[key].IsScalar() ? node[key].as<std::string>() : "";
}

absl::Status ReadCluster(const YAML::Node& cluster, const std::string& base_dir, Credentials* out) {
  out->server = Scalar(cluster, "server");
  while (absl::EndsWith(out->server, "/")) out->server.pop_back();
  if (out->server.empty()) return absl::InvalidArgumentError("kubeconfig: cluster has no server");
  out->ca_file = Resolve(Scalar(cluster, "certificate-authority"), base_dir);
  const std::string ca_data = Scalar(cluster, "certificate-authority-data");
  if (!ca_data.empty() && !absl::Base64Unescape(ca_data, &out->ca_pem)) {
    return absl::InvalidArgumentError("kubeconfig: certificate-authority-data is not base64");
  }
  out->insecure_skip_tls_verify = Scalar(cluster, "insecure-skip-tls-verify") == "true";
  return absl::OkStatus();
}

absl::Status ReadUser(const YAML::Node& user, const std::string& base_dir,
                      const platform::CredentialsPolicy& policy, Credentials* out) {
  out->token = Scalar(user, "token");
  const std::string token_file = Scalar(user, "tokenFile");
  if (out->token.empty() && !token_file.empty()) {
    std::string path = Resolve(token_file, base_dir);
    if (!fs::path(path).is_absolute()) path = fs::absolute(path).string();
    ASSIGN_OR_RETURN(path, platform::OutsideDataDir(path, policy));
    ASSIGN_OR_RETURN(std::string token, ReadCredentialsFile(path));
    out->token = std::string(absl::StripAsciiWhitespace(token));
  }
  if (out->token.empty()) {
    return absl::InvalidArgumentError(
        "kubeconfig: user has no token or tokenFile (client certificates are not supported)");
  }
  return absl::OkStatus();
}

absl::StatusOr<Credentials> TokenReference(const platform::Cluster& cluster,
                                           const platform::CredentialsPolicy& policy) {
  Credentials c;
  c.server = cluster.endpoint;
  while (absl::EndsWith(c.server, "/")) c.server.pop_back();
  if (c.server.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cluster ", cluster.name, " has no endpoint (API server URL)"));
  }
  const std::string& ref = cluster.credentials;
  if (absl::StartsWith(ref, "env:")) {
    ASSIGN_OR_RETURN(std::string name, platform::AllowedEnvVariable(ref));
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') {
      // Not named: deployment views show this to developers; admins see the reference.
      return absl::InvalidArgumentError(
          absl::StrCat("cluster ", cluster.name,
                       ": the environment variable its credentials name is not set on the server"));
    }
    c.token = value;
    return c;
  }
  ASSIGN_OR_RETURN(std::string path, platform::AllowedCredentialsFile(ref.substr(5), policy));
  ASSIGN_OR_RETURN(std::string token, ReadCredentialsFile(path));
  c.token = std::string(absl::StripAsciiWhitespace(token));
  if (c.token.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cluster ", cluster.name, ": the token file its credentials name is empty"));
  }
  return c;
}

}  // namespace

absl::StatusOr<Credentials> ParseKubeconfig(const std::string& yaml, const std::string& base_dir,
                                            const platform::CredentialsPolicy& policy) {
  try {
    absl::StatusOr<YAML::Node> loaded = LoadYaml(yaml);
    if (!loaded.ok())
      return absl::InvalidArgumentError(absl::StrCat("kubeconfig: ", loaded.status().message()));
    const YAML::Node root = *loaded;
    const std::string current = Scalar(root, "current-context");
    if (current.empty()) return absl::InvalidArgumentError("kubeconfig: no current-context");
    ASSIGN_OR_RETURN(YAML::Node context, Named(root, "contexts", "context", current));
    ASSIGN_OR_RETURN(YAML::Node cluster,
                     Named(root, "clusters", "cluster", Scalar(context, "cluster")));
    ASSIGN_OR_RETURN(YAML::Node user, Named(root, "users", "user", Scalar(context, "user")));
    Credentials c;
    RETURN_IF_ERROR(ReadCluster(cluster, base_dir, &c));
    RETURN_IF_ERROR(ReadUser(user, base_dir, policy, &c));
    return c;
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("kubeconfig: ", e.what()));
  }
}

absl::StatusOr<Credentials> ResolveCredentials(const platform::Cluster& cluster,
                                               const platform::CredentialsPolicy& policy) {
  const std::string& ref = cluster.credentials;
  if (ref.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cluster ", cluster.name, " has no credentials reference"));
  }
  if (absl::StartsWith(ref, "env:") || absl::StartsWith(ref, "file:")) {
    return TokenReference(cluster, policy);
  }
  ASSIGN_OR_RETURN(std::string path, platform::AllowedCredentialsFile(ref, policy));
  ASSIGN_OR_RETURN(std::string text, ReadCredentialsFile(path));
  ASSIGN_OR_RETURN(Credentials c,
                   ParseKubeconfig(text, fs::path(path).parent_path().string(), policy));
  if (!cluster.endpoint.empty()) {
    c.server = cluster.endpoint;
    while (absl::EndsWith(c.server, "/")) c.server.pop_back();
  }
  return c;
}

absl::StatusOr<std::string> CaFileFor(const Credentials& c, const std::string& dir) {
  if (!c.ca_file.empty() || c.ca_pem.empty()) return c.ca_file;
  const std::string path =
      (fs::path(dir) / absl::StrCat("paved-k8s-ca-", std::hash<std::string>{}(c.ca_pem), ".pem"))
          .string();
  if (fs::exists(path)) return path;
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << c.ca_pem;
    if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", tmp));
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return absl::UnavailableError(absl::StrCat("cannot write ", path, ": ", ec.message()));
  return path;
}

}  // namespace paved::deploy::runtime::kubernetes
