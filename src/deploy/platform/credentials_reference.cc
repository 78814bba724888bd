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
    "credentials must be empty, env:PAVED_CLUSTER_<NAME>, file:<absolute path> or the absolute "
    "path of a kubeconfig";

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
                     kClusterEnvPrefix, " (env:", kClusterEnvPrefix, "<NAME>), not ", reference));
  }
  return name;
}

absl::StatusOr<std::string> OutsideDataDir(const std::string& path,
                                           const CredentialsPolicy& policy) {
  if (!fs::path(path).is_absolute()) {
    return absl::InvalidArgumentError(absl::StrCat("credentials path must be absolute: ", path));
  }
  fs::path canonical = Canonical(path);
  if (!policy.data_dir.empty() && CanonicalWithin(fs::absolute(policy.data_dir), canonical)) {
    return absl::InvalidArgumentError(
        absl::StrCat("credentials must not point into Paved's data directory: ", path));
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
        absl::StrCat("credentials files must lie inside ", policy.files_dir, ", not ", path));
  }
  return canonical;
}

absl::Status CheckCredentialsReference(const std::string& reference,
                                       const CredentialsPolicy& policy) {
  if (reference.empty()) return absl::OkStatus();
  if (absl::StartsWith(reference, "env:")) return AllowedEnvVariable(reference).status();
  std::string path = absl::StartsWith(reference, "file:") ? reference.substr(5) : reference;
  if (!fs::path(path).is_absolute()) return absl::InvalidArgumentError(kAllowed);
  return AllowedCredentialsFile(path, policy).status();
}

}  // namespace paved::deploy::platform
