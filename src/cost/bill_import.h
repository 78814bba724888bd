#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "audit/audit_log.h"
#include "core/clock.h"
#include "cost/bill_reader.h"
#include "cost/cost_store.h"

namespace paved::cost {

struct BillImportDeps {
  store::Store* store = nullptr;
  CostStore* costs = nullptr;
  audit::AuditLog* audit = nullptr;
  const Clock* clock = nullptr;
  OwnerTagKeys keys;
};

// Imports the bill at `path` (named `source` in the record): the whole file is read and summed
// first, so a broken line refuses the import before anything is written (InvalidArgument naming
// file, line and column); then one transaction records the import, replaces the billing
// periods it covers and appends the audit event `cost.import`.
absl::StatusOr<BillImport> ImportBill(const BillImportDeps& deps, const std::string& path,
                                      const std::string& source, const std::string& actor);

}  // namespace paved::cost
