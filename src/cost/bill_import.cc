#include "cost/bill_import.h"

#include "core/random.h"
#include "core/status_macros.h"
#include "cost/rollup.h"

namespace paved::cost {

absl::StatusOr<BillImport> ImportBill(const BillImportDeps& deps, const std::string& path,
                                      const std::string& source, const std::string& actor) {
  BillFormat format;
  ASSIGN_OR_RETURN(Rollup rollup, RollUpBill(path, deps.keys, &format));
  std::vector<RollupRow> rows = rollup.Rows();
  BillImport import{.id = NewId(),
                    .source = source,
                    .format = BillFormatName(format),
                    .periods = {rollup.Periods().begin(), rollup.Periods().end()},
                    .lines = rollup.lines(),
                    .rows_kept = static_cast<int64_t>(rows.size()),
                    .billed = rollup.billed(),
                    .effective = rollup.effective(),
                    .imported_by = actor,
                    .imported_at_ms = deps.clock->NowMs()};
  RETURN_IF_ERROR(deps.store->Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(deps.costs->Replace(tx, import, rows));
    nlohmann::json summary = BillImportToJson(import);
    return deps.audit->Append(tx, actor, "cost.import", "bill:" + source, summary);
  }));
  deps.audit->Published();
  return import;
}

}  // namespace paved::cost
