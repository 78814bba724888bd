#pragma once

#include <string>
#include <vector>

#include "nlohmann/json.hpp"

// Lookups in rendered object lists, for tests.
namespace paved::deploy::render::testing {

// The object of `kind` named `name`, or null.
inline nlohmann::json Find(const std::vector<nlohmann::json>& objects, const std::string& kind,
                           const std::string& name) {
  for (const auto& obj : objects) {
    if (obj["kind"] == kind && obj["metadata"]["name"] == name) return obj;
  }
  return nullptr;
}

inline std::vector<nlohmann::json> OfKind(const std::vector<nlohmann::json>& objects,
                                          const std::string& kind) {
  std::vector<nlohmann::json> out;
  for (const auto& obj : objects) {
    if (obj["kind"] == kind) out.push_back(obj);
  }
  return out;
}

}  // namespace paved::deploy::render::testing
