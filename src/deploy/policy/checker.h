#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "deploy/policy/finding.h"
#include "deploy/policy/policy_config.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::policy {

// Evaluates every enabled rule on every object whose kind it applies to. `objects` is one set
// (e.g. the rendered manifests of a project for one cluster): cross-object rules (a PDB for a
// Deployment) look inside it. `environment` enables production-only rules ("production").
// Objects of kinds no rule knows are ignored. Findings come in object order, then rule order.
std::vector<Finding> CheckObjects(const std::vector<nlohmann::json>& objects,
                                  const std::string& environment, const PolicyConfig& config);

// Parses multi-document YAML (a `kind: List` is expanded into its items) and checks it. On
// failure returns InvalidArgument naming the document and line: malformed YAML, or a document
// that is not a mapping with a string `kind`.
absl::StatusOr<std::vector<Finding>> CheckYaml(const std::string& text,
                                               const std::string& environment,
                                               const PolicyConfig& config);

}  // namespace paved::deploy::policy
