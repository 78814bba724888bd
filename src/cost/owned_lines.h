#pragma once

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cost/cost_store.h"
#include "cost/money.h"
#include "cost/owners.h"

namespace paved::cost {

// One piece of cost with its owner: a bill row (cost_daily) or a Kubernetes allocation row.
struct CostLine {
  std::string day;                    // YYYY-MM-DD
  std::string source;                 // bill | kubernetes
  std::string account;                // usage account; the cluster for Kubernetes rows
  std::string service;                // the bill's service; "Kubernetes" for allocation rows
  std::string ns;                     // Kubernetes namespace; "" for bill rows and idle capacity
  std::string resource_id;            // a bill row's resource (only untagged lines keep one)
  std::string team_tag, project_tag;  // what the bill's tags said
  Owner owner;
  Money billed, effective;
};

// Where OwnedLines may read bill rows summed over spans of days instead of one line per row and
// day. Each month in `months` is cut into spans, a new one starting at each day of `cuts` (and
// where [from, to] starts and ends); a span's rows come summed per key, dated the span's first
// day. A view whose questions never split a span (the range, month-to-date, the forecast window)
// gets the same answers from far fewer lines.
struct SummedSpans {
  std::set<std::string> months;  // YYYY-MM
  std::set<std::string> cuts;    // YYYY-MM-DD
};

// Every cost line of days in [from, to] with its owner at the time: bill rows, minus those of
// nodes the Kubernetes allocation spread on that day, plus the allocation rows. Bill rows are per
// day, or summed over spans as `summed` says, except where an owner changes within the month or
// the allocation spread a node: those rows stay per day.
absl::StatusOr<std::vector<CostLine>> OwnedLines(CostStore& costs, OwnerResolver& owners,
                                                 const std::string& from_day,
                                                 const std::string& to_day,
                                                 const SummedSpans& summed = {});

}  // namespace paved::cost
