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

std::string ForecastWindowStart(const std::string& today) {
  return AddDays(today, 1 - kForecastWindowDays);
}

MonthSpend SpendOfMonth(const std::vector<const CostLine*>& lines, const std::string& month,
                        const std::string& today) {
  auto days = MonthDays(month);
  if (!days) return {};
  const auto& [first, last] = *days;
  const std::string window_start = ForecastWindowStart(today);
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

namespace {}  // namespace

SummedSpans SpansOfMonths(const std::string& lo, const std::string& hi,
                          std::set<std::string> cuts) {
  SummedSpans out{.cuts = std::move(cuts)};
  std::optional<absl::CivilDay> first = ParseDay(lo);
  if (!first) return out;
  for (absl::CivilMonth m(*first); FormatDay(absl::CivilDay(m)) <= hi; ++m) {
    out.months.insert(absl::FormatCivilTime(m));
  }
  return out;
}

namespace {

// How a view may read bill rows summed: the months of [lo, hi] in spans that neither [from, to],
// month-to-date nor the forecast window splits, unless it groups or filters by day.
SummedSpans SpansOfView(const CostQuery& q, const std::string& lo, const std::string& hi,
                        const std::string& window_start) {
  if (ByDay(q.group_by) || q.filter.count("day")) return {};
  return SpansOfMonths(lo, hi, {q.from, AddDays(q.to, 1), window_start, AddDays(q.today, 1)});
}

}  // namespace

absl::StatusOr<json> CostView(CostStore& costs, OwnerResolver& owners, const CostQuery& q) {
  const std::string month = q.today.substr(0, 7);
  const std::string month_start = MonthDays(month)->first;
  const std::string window_start = ForecastWindowStart(q.today);
  const std::string lo = std::min({q.from, month_start, window_start});
  const std::string hi = std::max(q.to, q.today);
  ASSIGN_OR_RETURN(std::vector<CostLine> lines,
                   OwnedLines(costs, owners, lo, hi, SpansOfView(q, lo, hi, window_start)));
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
