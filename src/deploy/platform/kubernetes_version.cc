#include "deploy/platform/kubernetes_version.h"

#include <regex>

#include "absl/status/status.h"

namespace paved::deploy::platform {

std::string KubernetesVersion::ToString() const {
  return std::to_string(major) + "." + std::to_string(minor);
}

absl::StatusOr<KubernetesVersion> ParseKubernetesVersion(const std::string& text) {
  static const std::regex kVersion("v?1\\.(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,3}))?");
  std::smatch m;
  if (text.size() > 16 || !std::regex_match(text, m, kVersion)) {
    return absl::InvalidArgumentError("kubernetes_version must look like 1.33");
  }
  return KubernetesVersion{1, std::stoi(m[1].str())};
}

KubernetesVersion EffectiveKubernetesVersion(const std::string& recorded) {
  if (recorded.empty()) return kDefaultKubernetesVersion;
  return ParseKubernetesVersion(recorded).value_or(kDefaultKubernetesVersion);
}

}  // namespace paved::deploy::platform
