#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cost/rollup.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::cost {

// One bill import, as recorded.
struct BillImport {
  std::string id;
  std::string source;  // the file's name (never a server path)
  std::string format;  // cur | cur2 | focus
  std::vector<std::pair<std::string, std::string>> periods;  // (billing account, period)
  int64_t lines = 0;
  int64_t rows_kept = 0;
  Money billed, effective;
  std::string imported_by;
  int64_t imported_at_ms = 0;
};
nlohmann::json BillImportToJson(const BillImport& i);

// A month of cost_daily rows of one key summed (table cost_monthly).
struct MonthRow {
  RollupRow sums;                   // day: the month's first
  std::string first_day, last_day;  // of the rows summed
};

// Tables `cost_imports`, `cost_daily`, `cost_monthly` and `cost_month_to_date`.
class CostStore {
 public:
  explicit CostStore(store::Store* store) : store_(store) {}

  // Records `import` and replaces every row of its (billing account, period) pairs with `rows`,
  // in the caller's transaction: a bill restated during the month replaces the one before, and
  // readers see either the old or the new one, never a mix. cost_monthly follows.
  absl::Status Replace(store::Tx& tx, const BillImport& import, const std::vector<RollupRow>& rows);

  // Newest first.
  absl::StatusOr<std::vector<BillImport>> Imports(int limit = 50);

  // Billed and effective cost by owner tag ("" for lines without one) for days in [from, to].
  struct TagTotal {
    std::string team_tag;
    Money billed, effective;
  };
  absl::StatusOr<std::vector<TagTotal>> TotalsByTeamTag(const std::string& from_day,
                                                        const std::string& to_day);

  // The rows of cost_daily for days in [from, to] (import_id and lines left empty).
  absl::StatusOr<std::vector<RollupRow>> DailyRows(const std::string& from_day,
                                                   const std::string& to_day);

  // The rows of cost_monthly for `month` (YYYY-MM), one per billing period and key.
  absl::StatusOr<std::vector<MonthRow>> MonthRows(const std::string& month);
  // Each key's sums (billed, effective) of its month up to and including `day`
  // (cost_month_to_date), for the keys with days of the month on both sides of `day`: before a
  // key's first day its sums are nothing, from its last day on its month's row. Months imported
  // before these sums were kept have none.
  absl::StatusOr<std::vector<RollupRow>> MonthToDateRows(const std::string& day);
  // The rows of cost_daily for days in [from, to] whose project tag is one of `project_tags` or
  // whose resource id is one of `resource_ids` (each row once).
  absl::StatusOr<std::vector<RollupRow>> DailyRowsOf(const std::string& from_day,
                                                     const std::string& to_day,
                                                     const std::set<std::string>& project_tags,
                                                     const std::set<std::string>& resource_ids);

  // Kubernetes allocation (tables cost_allocations and cost_allocation_nodes, written by the
  // allocation job): both are empty until that job's tables exist.
  struct AllocationRow {
    std::string cluster, day, ns, kind, team_id;  // kind: workload | idle | shared
    Money total;
  };
  absl::StatusOr<std::vector<AllocationRow>> Allocations(const std::string& from_day,
                                                         const std::string& to_day);
  // (day, instance id) of the nodes whose cost the allocation spread: bill rows of that day and
  // resource are shown through the allocation, never twice.
  absl::StatusOr<std::set<std::pair<std::string, std::string>>> AllocatedNodes(
      const std::string& from_day, const std::string& to_day);

 private:
  store::Store* store_;
};

}  // namespace paved::cost
