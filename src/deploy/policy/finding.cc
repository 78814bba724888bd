#include "deploy/policy/finding.h"

namespace paved::deploy::policy {

const char* SeverityName(Severity s) { return s == Severity::kError ? "error" : "warning"; }

nlohmann::json FindingToJson(const Finding& f) {
  nlohmann::json j = {{"rule", f.rule},        {"severity", SeverityName(f.severity)},
                      {"object", f.object},    {"path", f.path},
                      {"message", f.message},  {"how_to_fix", f.how_to_fix},
                      {"excepted", f.excepted}};
  if (f.excepted) j["exception"] = f.exception_reason;
  return j;
}

nlohmann::json FindingsToJson(const std::vector<Finding>& findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : findings) out.push_back(FindingToJson(f));
  return out;
}

bool Blocks(const std::vector<Finding>& findings) {
  for (const auto& f : findings) {
    if (f.severity == Severity::kError && !f.excepted) return true;
  }
  return false;
}

}  // namespace paved::deploy::policy
