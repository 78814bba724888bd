#include "deploy/policy/exceptions.h"

namespace paved::deploy::policy {
namespace {

const PolicyException* Covering(const Finding& f, const std::vector<PolicyException>& exceptions,
                                const std::string& project, int64_t now_ms) {
  for (const auto& e : exceptions) {
    if (e.rule == f.rule && e.project == project && now_ms < e.expires_at_ms) return &e;
  }
  return nullptr;
}

}  // namespace

std::vector<Finding> ApplyExceptions(std::vector<Finding> findings,
                                     const std::vector<PolicyException>& exceptions,
                                     const std::string& project, int64_t now_ms) {
  for (auto& f : findings) {
    if (f.severity != Severity::kError) continue;
    if (const PolicyException* e = Covering(f, exceptions, project, now_ms)) {
      f.excepted = true;
      f.exception_reason = e->reason + " (approved by " + e->approved_by + ")";
    }
  }
  return findings;
}

}  // namespace paved::deploy::policy
