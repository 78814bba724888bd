#include "deploy/platform/credentials_reference.h"

#include <cctype>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/paths.h"
#include "core/status_macros.h"

namespace paved::deploy::platform {
namespace {

namespace fs = std::filesystem;

constexpr char kAllowed[] =
    "credentials must be empty, env:PAVED_CLUSTER_<NAME>, file:<absolute path> (a token file) or "
    "the absolute path of a kubeconfig (its current-context is used)";

// What a pasted secret looks like, as opposed to a reference: a PEM block, kubeconfig YAML, text
// over several lines, or a long token with no reference prefix (bearer tokens, JWTs).
bool LooksLikeSecret(const std::string& value) {
  if (absl::StrContains(value, "-----BEGIN") || absl::StrContains(value, "apiVersion:") ||
      absl::StrContains(value, "clusters:")) {
    return true;
  }
  for (char c : value) {
    if (c == '\n' || c == '\r') return true;
  }
  constexpr size_t kTokenLength = 20;
  return !absl::StartsWith(value, "env:") && !absl::StartsWith(value, "file:") &&
         !absl::StartsWith(value, "/") && value.size() >= kTokenLength;
}

fs::path Canonical(const fs::path& path) {
  std::error_code ec;
  fs::path out = fs::weakly_canonical(path, ec);
  if (ec) out = path.lexically_normal();
  if (!out.has_filename() && out.has_parent_path() && out != out.root_path()) {
    out = out.parent_path();  // "dir/" → "dir"
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> AllowedEnvVariable(const std::string& reference) {
  std::string name = reference.substr(absl::StartsWith(reference, "env:") ? 4 : 0);
  bool valid =
      absl::StartsWith(name, kClusterEnvPrefix) && name.size() > sizeof(kClusterEnvPrefix) - 1;
  for (char c : name) valid = valid && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (!valid) {
    return absl::InvalidArgumentError(
        absl::StrCat("credentials may name only environment variables starting with ",
                     kClusterEnvPrefix, " (env:", kClusterEnvPrefix, "<NAME>)"));
  }
  return name;
}

absl::StatusOr<std::string> OutsideDataDir(const std::string& path,
                                           const CredentialsPolicy& policy) {
  if (!fs::path(path).is_absolute()) {
    return absl::InvalidArgumentError("credentials path must be absolute");
  }
  fs::path canonical = Canonical(path);
  if (!policy.data_dir.empty() && CanonicalWithin(fs::absolute(policy.data_dir), canonical)) {
    return absl::InvalidArgumentError("credentials must not point into Paved's data directory");
  }
  return canonical.string();
}

absl::StatusOr<std::string> AllowedCredentialsFile(const std::string& path,
                                                   const CredentialsPolicy& policy) {
  ASSIGN_OR_RETURN(std::string canonical, OutsideDataDir(path, policy));
  if (policy.files_dir.empty()) {
    return absl::InvalidArgumentError(
        "credentials files are not allowed (cluster_credentials_dir is not set)");
  }
  if (!CanonicalWithin(fs::absolute(policy.files_dir), canonical)) {
    return absl::InvalidArgumentError(
        absl::StrCat("credentials files must lie inside ", policy.files_dir));
  }
  return canonical;
}

absl::Status CheckCredentialsReference(const std::string& reference,
                                       const CredentialsPolicy& policy) {
  if (reference.empty()) return absl::OkStatus();
  if (LooksLikeSecret(reference)) {
    // Never echoed: the error may be logged or shown where the secret must not appear.
    return absl::InvalidArgumentError(absl::StrCat(
        "credentials must be a reference to the secret, not the secret itself (this looks like a "
        "token, certificate or kubeconfig): put it in a file inside ",
        policy.files_dir.empty() ? "the server's cluster_credentials_dir" : policy.files_dir,
        " or in a variable ", kClusterEnvPrefix, "<NAME> of the server's environment, then ",
        kAllowed));
  }
  if (absl::StartsWith(reference, "env:")) return AllowedEnvVariable(reference).status();
  std::string path = absl::StartsWith(reference, "file:") ? reference.substr(5) : reference;
  if (!fs::path(path).is_absolute()) return absl::InvalidArgumentError(kAllowed);
  return AllowedCredentialsFile(path, policy).status();
}

}  // namespace paved::deploy::platform
