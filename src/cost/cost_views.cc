#include "cost/cost_views.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "core/status_macros.h"

namespace paved::cost {
namespace {

using nlohmann::json;

constexpr int kForecastWindowDays = 7;

std::optional<absl::CivilDay> ParseDay(const std::string& day) {
  absl::CivilDay d;
  if (day.size() != 10 || !absl::ParseCivilTime(day, &d)) return std::nullopt;
  return d;
}

std::string FormatDay(absl::CivilDay d) { return absl::FormatCivilTime(d); }

struct Sums {
  Money billed, effective;
  std::vector<const CostLine*> lines;
};

json MoneyPair(Money billed, Money effective) {
  json out = json::object();
  PutMoney(out, "billed", billed);
  PutMoney(out, "effective", effective);
  return out;
}

std::string GroupKey(const CostLine& line, const std::vector<std::string>& dims) {
  std::string key;
  for (const std::string& d : dims) absl::StrAppend(&key, DimensionOf(line, d), "\x1f");
  return key;
}

bool ByDay(const std::vector<std::string>& dims) {
  return std::find(dims.begin(), dims.end(), "day") != dims.end();
}

// The lines the caller sees and the filter passes.
std::vector<const CostLine*> Selected(const CostQuery& q, const std::vector<CostLine>& lines) {
  std::vector<const CostLine*> out;
  for (const CostLine& line : lines) {
    if (Visible(q, line) && Passes(q, line)) out.push_back(&line);
  }
  return out;
}

json GroupJson(const CostQuery& q, const Sums& sums, const std::string& month) {
  const CostLine& first = *sums.lines.front();
  json keys = json::object();
  for (const std::string& d : q.group_by) keys[d] = DimensionOf(first, d);
  json g = {{"keys", keys}, {"unowned", first.owner.team.empty()}};
  g.update(MoneyPair(sums.billed, sums.effective));
  if (!ByDay(q.group_by)) {
    MonthSpend spend = SpendOfMonth(sums.lines, month, q.today);
    PutMoney(g, "month_to_date", spend.actual);
    PutMoney(g, "forecast", spend.forecast);
  }
  return g;
}

}  // namespace

const std::vector<std::string> kCostDimensions = {"team",    "project", "namespace",
                                                  "service", "account", "day"};

void PutMoney(json& out, const std::string& name, Money m) {
  out[name] = FormatMoney(m, 2);
  out[name + "_nanos"] = m.nanos;
}

std::string DimensionOf(const CostLine& line, const std::string& dimension) {
  if (dimension == "team") return line.owner.team;
  if (dimension == "project") return line.owner.project;
  if (dimension == "namespace") return line.ns;
  if (dimension == "service") return line.service;
  if (dimension == "account") return line.account;
  if (dimension == "day") return line.day;
  return "";
}

bool Visible(const CostQuery& q, const CostLine& line) {
  if (!q.visible_team_ids || line.owner.team.empty()) return true;
  return q.visible_team_ids->count(line.owner.team_id) > 0;
}

bool Passes(const CostQuery& q, const CostLine& line) {
  for (const auto& [dimension, values] : q.filter) {
    std::string value = DimensionOf(line, dimension);
    if (dimension == "team" && value.empty()) value = "unowned";
    if (values.count(value) == 0) return false;
  }
  return true;
}

std::optional<std::pair<std::string, std::string>> MonthDays(const std::string& month) {
  absl::CivilMonth m;
  if (month.size() != 7 || !absl::ParseCivilTime(month, &m)) return std::nullopt;
  absl::CivilDay first(m);
  absl::CivilDay last = absl::CivilDay(m + 1) - 1;
  return std::make_pair(FormatDay(first), FormatDay(last));
}

std::string AddDays(const std::string& day, int days) {
  std::optional<absl::CivilDay> d = ParseDay(day);
  return d ? FormatDay(*d + days) : day;
}

MonthSpend SpendOfMonth(const std::vector<const CostLine*>& lines, const std::string& month,
                        const std::string& today) {
  auto days = MonthDays(month);
  if (!days) return {};
  const auto& [first, last] = *days;
  const std::string window_start = AddDays(today, 1 - kForecastWindowDays);
  MonthSpend spend;
  Money window;
  for (const CostLine* line : lines) {
    if (line->day >= first && line->day <= last && line->day <= today) {
      spend.actual += line->effective;
    }
    if (line->day >= window_start && line->day <= today) window += line->effective;
  }
  int64_t days_left = 0;
  if (today < first) {
    days_left = *ParseDay(last) - *ParseDay(first) + 1;
  } else if (today < last) {
    days_left = *ParseDay(last) - *ParseDay(today);
  }
  spend.forecast = spend.actual + Money{window.nanos / kForecastWindowDays * days_left};
  return spend;
}

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

// Bill rows as lines, each with its owner on its day, minus the nodes the allocation spread.
absl::Status AppendDailyLines(std::vector<RollupRow>& rows, const NodeDays& nodes,
                              OwnerResolver& owners, std::vector<CostLine>& out) {
  out.reserve(out.size() + rows.size());
  for (RollupRow& r : rows) {
    if (!r.resource_id.empty() && nodes.count({r.day, r.resource_id})) continue;
    ASSIGN_OR_RETURN(Owner owner,
                     owners.OfBillRow(r.day, r.account, r.team_tag, r.project_tag, r.resource_id));
    out.push_back(BillLineOf(r, std::move(owner)));
  }
  return absl::OkStatus();
}

// Month `month`'s bill lines from cost_monthly, each dated the month's first day. A row whose
// owner changes within the month, or that is a node the allocation spread on one of its days,
// is read per day instead (with every other row of its project tag or resource).
absl::Status AppendMonthLines(CostStore& costs, OwnerResolver& owners, const std::string& month,
                              const NodeDays& nodes, std::vector<CostLine>& out) {
  const auto [first, last] = *MonthDays(month);
  std::set<std::string> spread, by_tag, by_resource;
  for (const auto& [day, id] : nodes) {
    // A node without an instance id spread no bill row: it holds no row back.
    if (!id.empty() && day >= first && day <= last) spread.insert(id);
  }
  ASSIGN_OR_RETURN(std::vector<MonthRow> rows, costs.MonthRows(month));
  for (const MonthRow& m : rows) {
    const RollupRow& r = m.sums;
    bool steady = !spread.count(r.resource_id);
    if (steady) {
      ASSIGN_OR_RETURN(steady, owners.SteadyOver(m.first_day, m.last_day, r.account, r.project_tag,
                                                 r.resource_id));
    }
    if (steady) continue;
    if (r.resource_id.empty()) {
      by_tag.insert(r.project_tag);
    } else {
      by_resource.insert(r.resource_id);
    }
  }
  out.reserve(out.size() + rows.size());
  for (MonthRow& m : rows) {
    RollupRow& r = m.sums;
    if (by_tag.count(r.project_tag) || by_resource.count(r.resource_id)) continue;
    ASSIGN_OR_RETURN(Owner owner, owners.OfBillRow(m.first_day, r.account, r.team_tag,
                                                   r.project_tag, r.resource_id));
    out.push_back(BillLineOf(r, std::move(owner)));
  }
  ASSIGN_OR_RETURN(std::vector<RollupRow> daily,
                   costs.DailyRowsOf(first, last, by_tag, by_resource));
  return AppendDailyLines(daily, nodes, owners, out);
}

// The bill lines of [from, to]: per day, except the months of `whole_months` (inside [from,
// to]), read a month at a time.
absl::Status AppendBillLines(CostStore& costs, OwnerResolver& owners, const std::string& from_day,
                             const std::string& to_day, const std::set<std::string>& whole_months,
                             const NodeDays& nodes, std::vector<CostLine>& out) {
  std::string start = from_day;
  auto daily_until = [&](const std::string& end) -> absl::Status {
    if (start > end) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::vector<RollupRow> rows, costs.DailyRows(start, end));
    return AppendDailyLines(rows, nodes, owners, out);
  };
  for (const std::string& month : whole_months) {
    const auto [first, last] = *MonthDays(month);
    RETURN_IF_ERROR(daily_until(AddDays(first, -1)));
    RETURN_IF_ERROR(AppendMonthLines(costs, owners, month, nodes, out));
    start = AddDays(last, 1);
  }
  return daily_until(to_day);
}

// The months a view may read from cost_monthly: inside [q.from, q.to], ended before
// `window_start` (so their days are needed neither one by one for the forecast nor for
// month-to-date), and the view neither groups nor filters by day.
std::set<std::string> WholeMonths(const CostQuery& q, const std::string& window_start) {
  std::set<std::string> out;
  std::optional<absl::CivilDay> from = ParseDay(q.from);
  if (!from || ByDay(q.group_by) || q.filter.count("day")) return out;
  for (absl::CivilMonth m(*from);; ++m) {
    const auto [first, last] = *MonthDays(absl::FormatCivilTime(m));
    if (first > q.to) break;
    if (first >= q.from && last <= q.to && last < window_start) {
      out.insert(absl::FormatCivilTime(m));
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<CostLine>> OwnedLines(CostStore& costs, OwnerResolver& owners,
                                                 const std::string& from_day,
                                                 const std::string& to_day,
                                                 const std::set<std::string>& whole_months) {
  ASSIGN_OR_RETURN(NodeDays nodes, costs.AllocatedNodes(from_day, to_day));
  std::vector<CostLine> out;
  RETURN_IF_ERROR(AppendBillLines(costs, owners, from_day, to_day, whole_months, nodes, out));
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

absl::StatusOr<json> CostView(CostStore& costs, OwnerResolver& owners, const CostQuery& q) {
  const std::string month = q.today.substr(0, 7);
  const std::string month_start = MonthDays(month)->first;
  const std::string window_start = AddDays(q.today, 1 - kForecastWindowDays);
  const std::string lo = std::min({q.from, month_start, window_start});
  const std::string hi = std::max(q.to, q.today);
  ASSIGN_OR_RETURN(std::vector<CostLine> lines,
                   OwnedLines(costs, owners, lo, hi, WholeMonths(q, window_start)));
  std::vector<const CostLine*> selected = Selected(q, lines);
  std::map<std::string, Sums> groups;                       // key → sums over [from, to]
  std::map<std::string, std::vector<const CostLine*>> all;  // key → every selected line
  Money billed, effective;
  for (const CostLine* line : selected) {
    std::string key = GroupKey(*line, q.group_by);
    all[key].push_back(line);
    if (line->day < q.from || line->day > q.to) continue;
    Sums& s = groups[key];
    s.billed += line->billed;
    s.effective += line->effective;
    s.lines.push_back(line);
    billed += line->billed;
    effective += line->effective;
  }
  std::vector<std::pair<const std::string*, Sums*>> order;
  for (auto& [key, sums] : groups) {
    // Month-to-date and forecast look at the group's lines outside [from, to] too.
    sums.lines = std::move(all[key]);
    order.emplace_back(&key, &sums);
  }
  const bool by_day = ByDay(q.group_by);
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    if (by_day) return *a.first < *b.first;
    return a.second->effective.nanos > b.second->effective.nanos;
  });
  json out = {{"from", q.from},         {"to", q.to},
              {"today", q.today},       {"currency", "USD"},
              {"group_by", q.group_by}, {"groups", json::array()}};
  out["total"] = MoneyPair(billed, effective);
  for (const auto& [key, sums] : order) out["groups"].push_back(GroupJson(q, *sums, month));
  MonthSpend spend = SpendOfMonth(selected, month, q.today);
  json m = {{"month", month}};
  PutMoney(m, "to_date", spend.actual);
  PutMoney(m, "forecast", spend.forecast);
  out["month"] = m;
  return out;
}

absl::StatusOr<json> UnownedView(CostStore& costs, OwnerResolver& owners, const CostQuery& q) {
  ASSIGN_OR_RETURN(std::vector<CostLine> lines, OwnedLines(costs, owners, q.from, q.to));
  struct Item {
    const CostLine* first;
    Money billed, effective;
    std::string first_day, last_day;
  };
  std::map<std::string, Item> items;
  Money billed, effective;
  for (const CostLine& line : lines) {
    if (!line.owner.team.empty() || !Passes(q, line)) continue;
    std::string key = absl::StrJoin({line.source, line.account, line.service, line.ns,
                                     line.resource_id, line.team_tag, line.project_tag},
                                    "\x1f");
    auto [it, added] = items.try_emplace(key, Item{&line, {}, {}, line.day, line.day});
    it->second.billed += line.billed;
    it->second.effective += line.effective;
    it->second.first_day = std::min(it->second.first_day, line.day);
    it->second.last_day = std::max(it->second.last_day, line.day);
    billed += line.billed;
    effective += line.effective;
  }
  std::vector<const Item*> order;
  for (const auto& [key, item] : items) order.push_back(&item);
  std::stable_sort(order.begin(), order.end(), [](const Item* a, const Item* b) {
    return a->effective.nanos > b->effective.nanos;
  });
  json out = {{"from", q.from}, {"to", q.to}, {"currency", "USD"}, {"lines", json::array()}};
  out["total"] = MoneyPair(billed, effective);
  for (const Item* item : order) {
    const CostLine& l = *item->first;
    json j = {{"source", l.source},           {"account", l.account},
              {"service", l.service},         {"namespace", l.ns},
              {"resource_id", l.resource_id}, {"team_tag", l.team_tag},
              {"project_tag", l.project_tag}, {"first_day", item->first_day},
              {"last_day", item->last_day}};
    j.update(MoneyPair(item->billed, item->effective));
    out["lines"].push_back(j);
  }
  return out;
}

namespace {

// A CSV field, quoted when it must be.
std::string Field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

absl::StatusOr<std::string> CostExport(CostStore& costs, OwnerResolver& owners, const CostQuery& q,
                                       const std::string& format) {
  ASSIGN_OR_RETURN(std::vector<CostLine> lines, OwnedLines(costs, owners, q.from, q.to));
  const std::vector<std::string> dims = {"day",  "account", "service",
                                         "team", "project", "namespace"};
  std::map<std::string, Sums> rows;  // sorted by day, account, ...
  for (const CostLine* line : Selected(q, lines)) {
    Sums& s = rows[GroupKey(*line, dims)];
    s.billed += line->billed;
    s.effective += line->effective;
    if (s.lines.empty()) s.lines.push_back(line);
  }
  const bool focus = format == "focus";
  std::string out = focus ? "ChargePeriodStart,ChargePeriodEnd,SubAccountId,ServiceName,"
                            "BilledCost,EffectiveCost,BillingCurrency,x_Team,x_Project,"
                            "x_Namespace\n"
                          : "day,account,service,team,project,namespace,billed,effective\n";
  for (const auto& [key, s] : rows) {
    const CostLine& l = *s.lines.front();
    std::vector<std::string> f;
    if (focus) {
      f = {l.day + "T00:00:00Z",
           AddDays(l.day, 1) + "T00:00:00Z",
           Field(l.account),
           Field(l.service),
           FormatMoney(s.billed),
           FormatMoney(s.effective),
           "USD",
           Field(l.owner.team),
           Field(l.owner.project),
           Field(l.ns)};
    } else {
      f = {l.day,
           Field(l.account),
           Field(l.service),
           Field(l.owner.team),
           Field(l.owner.project),
           Field(l.ns),
           FormatMoney(s.billed),
           FormatMoney(s.effective)};
    }
    absl::StrAppend(&out, absl::StrJoin(f, ","), "\n");
  }
  return out;
}

}  // namespace paved::cost
