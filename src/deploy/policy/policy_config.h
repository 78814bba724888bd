#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "deploy/policy/finding.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::policy {

// The `policy:` section of the platform config, owned by the SRE team:
//   policy:
//     rules: {image-digest: {severity: warning}, probes-required: {severity: off}}
//     allowed_load_balancer_namespaces: [ingress]
//     ceilings: {cpu: "4", memory: "8Gi"}
//     required_labels: [app.kubernetes.io/name, ...]
struct PolicyConfig {
  // Severity per rule id; rules absent here use their default, nullopt means "off".
  std::map<std::string, std::optional<Severity>> severities;
  std::vector<std::string> allowed_load_balancer_namespaces;
  std::optional<double> cpu_ceiling;     // cores, per container (requests and limits)
  std::optional<double> memory_ceiling;  // bytes, per container
  std::string cpu_ceiling_text = "4";    // as written, for messages
  std::string memory_ceiling_text = "8Gi";
  std::vector<std::string> required_labels = {"app.kubernetes.io/name", "app.kubernetes.io/part-of",
                                              "paved.dev/team", "paved.dev/project"};

  PolicyConfig();  // defaults: ceilings cpu 4, memory 8Gi
};

// Parses the section (null → defaults). On failure returns InvalidArgument naming the key:
// an unknown rule id, a severity other than error|warning|off, an unknown key, a bad quantity.
absl::StatusOr<PolicyConfig> ParsePolicyConfig(const nlohmann::json& section);

}  // namespace paved::deploy::policy
