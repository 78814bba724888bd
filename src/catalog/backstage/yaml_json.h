#pragma once

#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "yaml-cpp/yaml.h"

namespace paved::catalog::backstage {

// Converts a YAML node to JSON with the YAML 1.2 core schema: quoted or !!str scalars stay
// strings; plain scalars become null, booleans, integers or floats when they spell one.
// May throw YAML::Exception on malformed nodes: call it only inside the parser's try block.
nlohmann::json YamlToJson(const YAML::Node& node);

// Multi-document YAML, one document per element, joined by "---". Deterministic: object keys in
// JSON order (sorted), strings quoted whenever a plain scalar would read back as something else,
// multi-line strings as literal blocks. ParseDocuments(EmitDocuments(x)) == x.
std::string EmitDocuments(const std::vector<nlohmann::json>& documents);

}  // namespace paved::catalog::backstage
