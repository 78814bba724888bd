#include "cost/owned_lines.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_join.h"
#include "core/days.h"
#include "core/status_macros.h"

namespace paved::cost {
namespace {

using NodeDays = std::set<std::pair<std::string, std::string>>;  // (day, instance id)

CostLine BillLineOf(RollupRow& r, Owner owner) {
  return {.day = std::move(r.day),
          .source = "bill",
          .account = std::move(r.account),
          .service = std::move(r.service),
          .resource_id = std::move(r.resource_id),
          .team_tag = std::move(r.team_tag),
          .project_tag = std::move(r.project_tag),
          .owner = std::move(owner),
          .billed = r.billed,
          .effective = r.effective};
}

// Reads the owners of `rows`' project tags and resources in a few statements before they are
// asked one row at a time.
absl::Status PrefetchOwners(OwnerResolver& owners, const std::vector<const RollupRow*>& rows) {
  std::set<std::string> tags;
  std::set<std::pair<std::string, std::string>> resources;
  for (const RollupRow* r : rows) {
    tags.insert(r->project_tag);
    resources.emplace(r->account, r->resource_id);
  }
  return owners.Prefetch(tags, resources);
}

// Bill rows as lines, each with its owner on its day, minus the nodes the allocation spread.
absl::Status AppendDailyLines(std::vector<RollupRow>& rows, const NodeDays& nodes,
                              OwnerResolver& owners, std::vector<CostLine>& out) {
  out.reserve(out.size() + rows.size());
  std::vector<const RollupRow*> keys;
  for (const RollupRow& r : rows) keys.push_back(&r);
  RETURN_IF_ERROR(PrefetchOwners(owners, keys));
  for (RollupRow& r : rows) {
    if (!r.resource_id.empty() && nodes.count({r.day, r.resource_id})) continue;
    ASSIGN_OR_RETURN(Owner owner,
                     owners.OfBillRow(r.day, r.account, r.team_tag, r.project_tag, r.resource_id));
    out.push_back(BillLineOf(r, std::move(owner)));
  }
  return absl::OkStatus();
}

// Days [first, last] of a month; `shown` when inside the lines' range.
struct Span {
  std::string first, last;
  bool shown = false;
};

// [first, last] cut where `cuts`, `lo` or the day after `hi` start a span.
std::vector<Span> SpansOf(const std::string& first, const std::string& last,
                          const std::set<std::string>& cuts, const std::string& lo,
                          const std::string& hi) {
  std::set<std::string> starts = {first};
  for (const std::string& day : {lo, AddDays(hi, 1)}) {
    if (day > first && day <= last) starts.insert(day);
  }
  for (const std::string& day : cuts) {
    if (day > first && day <= last) starts.insert(day);
  }
  std::vector<Span> out;
  for (auto it = starts.begin(); it != starts.end(); ++it) {
    auto next = std::next(it);
    Span span{.first = *it, .last = next == starts.end() ? last : AddDays(*next, -1)};
    span.shown = span.first >= lo && span.last <= hi;
    out.push_back(std::move(span));
  }
  return out;
}

std::string KeyOf(const RollupRow& r) {
  return absl::StrJoin({r.billing_account, r.billing_period, r.account, r.service, r.team_tag,
                        r.project_tag, r.resource_id},
                       "\x1f");
}

// One key's rows of a month: the days they cover and their sums per shown span.
struct KeyRows {
  RollupRow key;                    // the month's sums
  std::string first_day, last_day;  // of the key's rows in the month
  std::vector<RollupRow> shown;     // sums per shown span with days of the key, dated its first
  bool out_of_step = false;         // a sum to date it needs is missing: read per day instead
};

// A key's sums of the month up to a day; `known` false when the store does not have them.
struct ToDate {
  Money billed, effective;
  bool known = true;
};

// The month's rows per key, summed per shown span: a span [a, b] is the key's sums to date on
// b minus those on the day before a. Before the key's first day they are nothing, from its last
// day on the month's row (cost_monthly); in between they are read from the store, one day at a
// time.
absl::StatusOr<std::vector<KeyRows>> RowsPerKey(CostStore& costs, const std::string& month,
                                                const std::vector<Span>& spans) {
  const std::string& first = spans.front().first;
  const std::string& last = spans.back().last;
  ASSIGN_OR_RETURN(std::vector<MonthRow> rows, costs.MonthRows(month));
  // The day before each span ("" for the month's first), and the days whose sums to date a
  // shown span starts after or ends on, inside the month.
  std::vector<std::string> before_day(spans.size());
  std::set<std::string> cut_days;
  for (size_t s = 0; s < spans.size(); ++s) {
    if (spans[s].first != first) before_day[s] = AddDays(spans[s].first, -1);
    if (!spans[s].shown) continue;
    if (!before_day[s].empty()) cut_days.insert(before_day[s]);
    if (spans[s].last != last) cut_days.insert(spans[s].last);
  }
  absl::flat_hash_map<std::string, std::vector<ToDate>> read;  // day → per row
  if (!cut_days.empty()) {                                     // a whole month needs no key index
    absl::flat_hash_map<std::string, size_t> index;
    for (size_t i = 0; i < rows.size(); ++i) index[KeyOf(rows[i].sums)] = i;
    for (const std::string& day : cut_days) {
      std::vector<ToDate>& sums = read[day];
      sums.assign(rows.size(), ToDate{.known = false});
      ASSIGN_OR_RETURN(std::vector<RollupRow> to_date, costs.MonthToDateRows(day));
      for (const RollupRow& r : to_date) {
        auto it = index.find(KeyOf(r));
        if (it != index.end()) sums[it->second] = {r.billed, r.effective};
      }
    }
  }
  std::vector<KeyRows> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    MonthRow& m = rows[i];
    auto to_date = [&](const std::string& day) -> ToDate {
      if (day < m.first_day) return {};
      if (day >= m.last_day) return {m.sums.billed, m.sums.effective};
      return read.at(day)[i];
    };
    KeyRows k{.first_day = m.first_day, .last_day = m.last_day};
    for (size_t s = 0; s < spans.size(); ++s) {
      const Span& span = spans[s];
      if (!span.shown || span.last < m.first_day || span.first > m.last_day) continue;
      ToDate upto = to_date(span.last);
      ToDate before = before_day[s].empty() ? ToDate{} : to_date(before_day[s]);
      if (!upto.known || !before.known) {
        k.out_of_step = true;
        break;
      }
      RollupRow sums = m.sums;
      sums.day = span.first;
      sums.billed = upto.billed - before.billed;
      sums.effective = upto.effective - before.effective;
      k.shown.push_back(std::move(sums));
    }
    k.key = std::move(m.sums);
    out.push_back(std::move(k));
  }
  return out;
}

// Month `month`'s bill lines of days in [lo, hi], summed over its spans. The rows of a key
// whose owner changes within the month, that is a node the allocation spread, or whose sums to
// date are missing (imported before they were kept, or a day without a row inside its days), are
// read per day instead, with every other row of its project tag or resource.
absl::Status AppendSummedMonth(CostStore& costs, OwnerResolver& owners, const std::string& month,
                               const std::set<std::string>& cuts, const std::string& lo,
                               const std::string& hi, const NodeDays& nodes,
                               std::vector<CostLine>& out) {
  const auto [first, last] = *MonthDays(month);
  const std::vector<Span> spans = SpansOf(first, last, cuts, lo, hi);
  std::set<std::string> spread, by_tag, by_resource;
  for (const auto& [day, id] : nodes) {
    // A node without an instance id spread no bill row: it holds no row back.
    if (!id.empty() && day >= first && day <= last) spread.insert(id);
  }
  ASSIGN_OR_RETURN(std::vector<KeyRows> keys, RowsPerKey(costs, month, spans));
  std::vector<const RollupRow*> month_keys;
  for (const KeyRows& k : keys) month_keys.push_back(&k.key);
  RETURN_IF_ERROR(PrefetchOwners(owners, month_keys));
  for (const KeyRows& k : keys) {
    const RollupRow& r = k.key;
    if (k.shown.empty() && !k.out_of_step) continue;  // no day of it is shown
    bool steady = !spread.count(r.resource_id) && !k.out_of_step;
    if (steady) {
      ASSIGN_OR_RETURN(steady, owners.SteadyOver(k.first_day, k.last_day, r.account, r.project_tag,
                                                 r.resource_id));
    }
    if (steady) continue;
    if (r.resource_id.empty()) {
      by_tag.insert(r.project_tag);
    } else {
      by_resource.insert(r.resource_id);
    }
  }
  for (KeyRows& k : keys) {
    const RollupRow& r = k.key;
    if (by_tag.count(r.project_tag) || by_resource.count(r.resource_id)) continue;
    ASSIGN_OR_RETURN(Owner owner, owners.OfBillRow(k.first_day, r.account, r.team_tag,
                                                   r.project_tag, r.resource_id));
    for (RollupRow& sums : k.shown) out.push_back(BillLineOf(sums, owner));
  }
  ASSIGN_OR_RETURN(std::vector<RollupRow> daily,
                   costs.DailyRowsOf(std::max(first, lo), std::min(last, hi), by_tag, by_resource));
  return AppendDailyLines(daily, nodes, owners, out);
}

// The bill lines of [lo, hi]: per day, except the months of `summed`, read a span at a time.
absl::Status AppendBillLines(CostStore& costs, OwnerResolver& owners, const std::string& lo,
                             const std::string& hi, const SummedSpans& summed,
                             const NodeDays& nodes, std::vector<CostLine>& out) {
  std::string start = lo;
  auto daily_until = [&](const std::string& end) -> absl::Status {
    if (start > end) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::vector<RollupRow> rows, costs.DailyRows(start, end));
    return AppendDailyLines(rows, nodes, owners, out);
  };
  for (const std::string& month : summed.months) {
    auto days = MonthDays(month);
    if (!days || days->second < lo || days->first > hi) continue;
    RETURN_IF_ERROR(daily_until(AddDays(days->first, -1)));
    RETURN_IF_ERROR(AppendSummedMonth(costs, owners, month, summed.cuts, lo, hi, nodes, out));
    start = AddDays(days->second, 1);
  }
  return daily_until(hi);
}

}  // namespace

absl::StatusOr<std::vector<CostLine>> OwnedLines(CostStore& costs, OwnerResolver& owners,
                                                 const std::string& from_day,
                                                 const std::string& to_day,
                                                 const SummedSpans& summed) {
  ASSIGN_OR_RETURN(NodeDays nodes, costs.AllocatedNodes(from_day, to_day));
  std::vector<CostLine> out;
  RETURN_IF_ERROR(AppendBillLines(costs, owners, from_day, to_day, summed, nodes, out));
  ASSIGN_OR_RETURN(auto allocations, costs.Allocations(from_day, to_day));
  for (CostStore::AllocationRow& a : allocations) {
    ASSIGN_OR_RETURN(Owner owner, owners.OfAllocation(a.day, a.cluster, a.ns, a.team_id));
    out.push_back({.day = std::move(a.day),
                   .source = "kubernetes",
                   .account = std::move(a.cluster),
                   .service = "Kubernetes",
                   .ns = std::move(a.ns),
                   .owner = std::move(owner),
                   .billed = a.total,
                   .effective = a.total});
  }
  return out;
}

}  // namespace paved::cost
