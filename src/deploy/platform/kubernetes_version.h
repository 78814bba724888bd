#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace paved::deploy::platform {

// A cluster's Kubernetes minor version: what decides which Service fields a render may use
// (spec.trafficDistribution from 1.31, PreferSameZone from 1.34).
struct KubernetesVersion {
  int major = 1;
  int minor = 0;

  bool AtLeast(int want_major, int want_minor) const {
    return major > want_major || (major == want_major && minor >= want_minor);
  }
  std::string ToString() const;  // "1.33"
  friend bool operator==(const KubernetesVersion&, const KubernetesVersion&) = default;
};

// What a render assumes of a cluster whose version is not recorded: 1.33, where
// trafficDistribution is GA and PreferClose is accepted (it stays accepted, as a deprecated
// alias of PreferSameZone, on every later version).
inline constexpr KubernetesVersion kDefaultKubernetesVersion{1, 33};

// "1.33", "v1.33" or "1.33.2" (a patch level is accepted and dropped). Major 1, minor 0-999.
// InvalidArgument ("kubernetes_version must look like 1.33") otherwise.
absl::StatusOr<KubernetesVersion> ParseKubernetesVersion(const std::string& text);

// The version recorded for a cluster ("" = unknown → kDefaultKubernetesVersion). A stored text
// that does not parse (cannot happen: the routes check it) also gives the default.
KubernetesVersion EffectiveKubernetesVersion(const std::string& recorded);

}  // namespace paved::deploy::platform
