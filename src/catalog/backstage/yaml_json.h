#pragma once

#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "yaml-cpp/yaml.h"

namespace paved::catalog::backstage {

// Multi-document YAML, one document per element, joined by "---". Deterministic: object keys in
// JSON order (sorted), strings quoted whenever a plain scalar would read back as something else,
// multi-line strings as literal blocks. ParseDocuments(EmitDocuments(x)) == x.
std::string EmitDocuments(const std::vector<nlohmann::json>& documents);

}  // namespace paved::catalog::backstage
