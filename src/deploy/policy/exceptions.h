#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "deploy/policy/finding.h"

namespace paved::deploy::policy {

// A recorded, approved way off the paved road: `rule` does not block `project` until
// `expires_at_ms` (Unix milliseconds, exclusive).
struct PolicyException {
  std::string rule;
  std::string project;
  std::string reason;
  std::string approved_by;
  int64_t expires_at_ms = 0;
};

// Marks each error finding covered by an unexpired exception for (finding.rule, project) as
// excepted (kept, with the reason and approver in exception_reason) so it no longer blocks.
// Expired exceptions and exceptions for other projects or rules change nothing.
std::vector<Finding> ApplyExceptions(std::vector<Finding> findings,
                                     const std::vector<PolicyException>& exceptions,
                                     const std::string& project, int64_t now_ms);

}  // namespace paved::deploy::policy
