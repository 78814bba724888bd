#pragma once

#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace paved::deploy::policy {

enum class Severity { kWarning, kError };

const char* SeverityName(Severity s);  // "warning" | "error"

// One rule violated by one object.
struct Finding {
  std::string rule;  // rule id, e.g. "image-digest"
  Severity severity = Severity::kError;
  std::string object;  // "Kind/namespace/name" ("Kind/name" for cluster-scoped kinds)
  std::string path;    // JSONPath-like: "spec.template.spec.containers[0].image"
  std::string message;
  std::string how_to_fix;
  bool excepted = false;         // an approved exception covers it: kept, but does not block
  std::string exception_reason;  // set when excepted
};

// {"rule","severity","object","path","message","how_to_fix","excepted"[,"exception"]}
nlohmann::json FindingToJson(const Finding& f);
nlohmann::json FindingsToJson(const std::vector<Finding>& findings);

// True when any finding is an error not covered by an exception: the deploy must stop.
bool Blocks(const std::vector<Finding>& findings);

}  // namespace paved::deploy::policy
