#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::policy {

// Parses a Kubernetes resource quantity ("500m", "2", "1.5", "512Mi", "1G", "1e3") into its
// value in base units (cores for cpu, bytes for memory). A JSON number is taken as is.
// Suffixes: n u m (decimal fractions), k M G T P E (powers of 1000), Ki Mi Gi Ti Pi Ei (powers
// of 1024), or a decimal exponent. On failure returns InvalidArgument quoting the text.
absl::StatusOr<double> ParseQuantity(const nlohmann::json& value);
absl::StatusOr<double> ParseQuantity(const std::string& text);

}  // namespace paved::deploy::policy
