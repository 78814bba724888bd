#include "traffic/edges/traffic_views.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "core/status_macros.h"
#include "spdlog/spdlog.h"
#include "traffic/traffic_report.h"

namespace paved::traffic::edges {
namespace {

using nlohmann::json;

struct Sum {
  int64_t bytes = 0, cross = 0;
  void Add(const EdgeRow& r) {
    bytes += r.bytes;
    cross += r.cross_zone_bytes;
  }
};

json Figures(const Sum& s) {
  int64_t nanos = CostNanos(s.cross);
  return {
      {"bytes", s.bytes},
      {"cross_zone_bytes", s.cross},
      {"share", s.bytes > 0 ? static_cast<double>(s.cross) / static_cast<double>(s.bytes) : 0.0},
      {"cost_usd", UsdText(nanos)},
      {"cost_nanos", nanos}};
}

json Header(const TrafficQuery& q) {
  return {{"from", q.from},
          {"to", q.to},
          {"cluster", q.cluster},
          {"currency", "USD"},
          {"usd_per_gb", kCrossZoneUsdPerGb}};
}

json GroupKeys(const OwnedEdge& e, const std::string& group_by) {
  if (group_by == "team") return {{"team", e.src.team}};
  if (group_by == "project") return {{"project", e.src.project}, {"team", e.src.team}};
  json keys = {{"cluster", e.row.cluster}, {"project", e.src.project}, {"team", e.src.team}};
  if (group_by == "workload") {
    keys["workload"] = e.row.src;
    return keys;
  }
  keys["src"] = e.row.src;
  keys["dst"] = e.row.dst;
  keys["dst_project"] = e.dst.project;
  keys["dst_team"] = e.dst.team;
  return keys;
}

// Most costly first, then most bytes, then by key: a stable order.
template <typename Item>
void SortByCost(std::vector<Item>& items) {
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return std::make_tuple(-a.sum.cross, -a.sum.bytes, a.key) <
           std::make_tuple(-b.sum.cross, -b.sum.bytes, b.key);
  });
}

// An edge of a scope view, summed over the window and its zone pairs.
struct ScopeEdge {
  std::string key;  // cluster/src/dst
  const OwnedEdge* first = nullptr;
  Sum sum;
  std::map<std::pair<std::string, std::string>, Sum> zones;
};

// A workload of the scope: what it sent and received in the window.
struct ScopeWorkload {
  Sum sent, received;
};

struct ScopeSums {
  Sum sent, received, month, previous;
  std::map<std::string, Sum> days;
  std::map<std::string, ScopeEdge> edges;
  std::map<std::pair<std::string, std::string>, ScopeWorkload> workloads;  // (cluster, workload)
  // (cluster, workload) → zone → bytes it received in the window, from any source.
  std::map<std::pair<std::string, std::string>, std::map<std::string, int64_t>> dst_zones;
};

void AddInWindow(const OwnedEdge& e, bool src_in, bool dst_in, ScopeSums& s) {
  const EdgeRow& r = e.row;
  std::string key = r.cluster + "/" + r.src + "/" + r.dst;
  ScopeEdge& edge = s.edges[key];
  edge.key = key;
  if (!edge.first) edge.first = &e;
  edge.sum.Add(r);
  edge.zones[{r.src_zone, r.dst_zone}].Add(r);
  if (src_in) {
    s.workloads[{r.cluster, r.src}].sent.Add(r);
    s.days[r.day].Add(r);
    s.sent.Add(r);
  } else {
    s.received.Add(r);
  }
  if (dst_in) s.workloads[{r.cluster, r.dst}].received.Add(r);
}

ScopeSums SumScope(const std::vector<OwnedEdge>& edges, const TrafficQuery& q, const Scope& scope) {
  ScopeSums s;
  int length = DaysBetween(q.from, q.to) + 1;
  std::string previous_from = AddDays(q.from, -length), previous_to = AddDays(q.from, -1);
  std::string month_from = q.to.substr(0, 8) + "01";
  for (const OwnedEdge& e : edges) {
    const EdgeRow& r = e.row;
    bool in_window = r.day >= q.from && r.day <= q.to;
    if (in_window) s.dst_zones[{r.cluster, r.dst}][r.dst_zone] += r.bytes;
    bool src_in = scope.Holds(e.src), dst_in = scope.Holds(e.dst);
    if (!src_in && !dst_in) continue;
    if (in_window) AddInWindow(e, src_in, dst_in, s);
    if (!src_in) continue;
    if (r.day >= month_from && r.day <= q.to) s.month.Add(r);
    if (r.day >= previous_from && r.day <= previous_to) s.previous.Add(r);
  }
  return s;
}

EdgeFacts FactsOf(const ScopeEdge& edge, const ScopeSums& s, int64_t window_seconds) {
  const OwnedEdge& e = *edge.first;
  EdgeFacts f{.cluster = e.row.cluster,
              .src = e.row.src,
              .dst = e.row.dst,
              .dst_project = e.dst.project,
              .cross_zone_bytes = edge.sum.cross,
              .window_seconds = window_seconds};
  std::map<std::string, int64_t> from_zones;
  for (const auto& [zones, sum] : edge.zones) from_zones[zones.first] += sum.cross;
  f.source_zones.assign(from_zones.begin(), from_zones.end());
  if (auto it = s.dst_zones.find({e.row.cluster, e.row.dst}); it != s.dst_zones.end()) {
    f.destination_zones.assign(it->second.begin(), it->second.end());
  }
  return f;
}

json EdgeJson(const ScopeEdge& edge, const Scope& scope) {
  const OwnedEdge& e = *edge.first;
  bool src_in = scope.Holds(e.src), dst_in = scope.Holds(e.dst);
  json zones = json::array();
  for (const auto& [pair, sum] : edge.zones) {
    zones.push_back({{"src_zone", pair.first},
                     {"dst_zone", pair.second},
                     {"bytes", sum.bytes},
                     {"cross_zone_bytes", sum.cross}});
  }
  json out = Figures(edge.sum);
  out.update({{"cluster", e.row.cluster},
              {"src", e.row.src},
              {"dst", e.row.dst},
              {"direction", src_in && dst_in ? "internal"
                            : src_in         ? "out"
                                             : "in"},
              {"src_project", e.src.project},
              {"src_team", e.src.team},
              {"dst_project", e.dst.project},
              {"dst_team", e.dst.team},
              {"zones", zones},
              {"proposal", nullptr}});
  return out;
}

absl::StatusOr<json> TopEdges(const ScopeSums& s, const Scope& scope, const EdgeAdvisor& advisor,
                              int64_t window_seconds, int top) {
  std::vector<ScopeEdge> ranked;
  for (const auto& [key, edge] : s.edges) {
    if (edge.sum.cross > 0) ranked.push_back(edge);
  }
  SortByCost(ranked);
  if (static_cast<int>(ranked.size()) > top) ranked.resize(top);
  json out = json::array();
  for (const ScopeEdge& edge : ranked) {
    json item = EdgeJson(edge, scope);
    if (advisor) {
      absl::StatusOr<std::optional<json>> proposal = advisor(FactsOf(edge, s, window_seconds));
      if (!proposal.ok()) {
        // The reason is the server's (a store error), not the caller's: logged, not shown.
        spdlog::warn("traffic: no proposal for edge {}: {}", edge.key,
                     proposal.status().ToString());
        item["proposal_error"] = "no proposal could be made for this edge; the server log says why";
      } else if (*proposal) {
        item["proposal"] = **proposal;
      }
    }
    out.push_back(std::move(item));
  }
  return out;
}

json WorkloadsJson(const ScopeSums& s) {
  json out = json::array();
  for (const auto& [key, w] : s.workloads) {
    Sum both{w.sent.bytes + w.received.bytes, w.sent.cross + w.received.cross};
    json item = {{"cluster", key.first}, {"workload", key.second}};
    item["sent"] = Figures(w.sent);
    item["received"] = Figures(w.received);
    item["share"] = Figures(both)["share"];
    out.push_back(std::move(item));
  }
  return out;
}

json DaysJson(const ScopeSums& s, const TrafficQuery& q) {
  json out = json::array();
  for (std::string day = q.from; day <= q.to; day = AddDays(day, 1)) {
    auto it = s.days.find(day);
    json item = Figures(it == s.days.end() ? Sum{} : it->second);
    item["day"] = day;
    out.push_back(std::move(item));
  }
  return out;
}

json TrendJson(const ScopeSums& s, const TrafficQuery& q) {
  int length = DaysBetween(q.from, q.to) + 1;
  json change = nullptr;
  if (s.previous.cross > 0) {
    change = static_cast<double>(s.sent.cross - s.previous.cross) /
             static_cast<double>(s.previous.cross);
  }
  return {{"previous_from", AddDays(q.from, -length)},
          {"previous_to", AddDays(q.from, -1)},
          {"previous", Figures(s.previous)},
          {"change", change}};
}

}  // namespace

int64_t CostNanos(int64_t cross_zone_bytes) {
  // kCrossZoneUsdPerGb USD per 10^9 bytes is that many nano-dollars per byte.
  return std::llround(static_cast<long double>(cross_zone_bytes) * kCrossZoneUsdPerGb);
}

std::string UsdText(int64_t nanos) {
  int64_t cents = (nanos + 5'000'000) / 10'000'000;
  return absl::StrFormat("%d.%02d", cents / 100, cents % 100);
}

std::string ScopeFirstDay(const TrafficQuery& q) {
  int length = DaysBetween(q.from, q.to) + 1;
  return std::min(AddDays(q.from, -length), q.to.substr(0, 8) + "01");
}

absl::StatusOr<std::vector<OwnedEdge>> OwnedEdges(TrafficStore& traffic, WorkloadOwners& owners,
                                                  const TrafficQuery& q) {
  ASSIGN_OR_RETURN(std::vector<EdgeRow> rows, traffic.Edges(q.from, q.to, q.cluster));
  std::vector<OwnedEdge> out;
  out.reserve(rows.size());
  for (EdgeRow& r : rows) {
    ASSIGN_OR_RETURN(WorkloadOwner src, owners.Of(r.cluster, r.src));
    ASSIGN_OR_RETURN(WorkloadOwner dst, owners.Of(r.cluster, r.dst));
    if (q.visible_teams && src.owned() && !q.visible_teams->count(src.team) &&
        !q.visible_teams->count(dst.team)) {
      continue;
    }
    out.push_back({std::move(r), std::move(src), std::move(dst)});
  }
  return out;
}

json RankingView(const std::vector<OwnedEdge>& edges, const TrafficQuery& q,
                 const std::string& group_by) {
  struct Group {
    std::string key;
    json keys;
    Sum sum;
  };
  std::map<std::string, Group> groups;
  Sum total;
  for (const OwnedEdge& e : edges) {
    json keys = GroupKeys(e, group_by);
    Group& g = groups[keys.dump()];
    if (g.key.empty()) g = {keys.dump(), keys, {}};
    g.sum.Add(e.row);
    total.Add(e.row);
  }
  std::vector<Group> ranked;
  for (auto& [key, g] : groups) ranked.push_back(std::move(g));
  SortByCost(ranked);
  json items = json::array();
  for (const Group& g : ranked) {
    json item = Figures(g.sum);
    item["keys"] = g.keys;
    item["unowned"] = g.keys["team"].get<std::string>().empty();
    items.push_back(std::move(item));
  }
  json out = Header(q);
  out["group_by"] = group_by;
  out["groups"] = std::move(items);
  out["total"] = Figures(total);
  return out;
}

absl::StatusOr<json> ScopeView(const std::vector<OwnedEdge>& edges, const TrafficQuery& q,
                               const Scope& scope, const EdgeAdvisor& advisor, int top) {
  ScopeSums s = SumScope(edges, q, scope);
  int64_t window_seconds = (DaysBetween(q.from, q.to) + 1) * int64_t{86400};
  json out = Header(q);
  out["scope"] = {{"kind", scope.kind == Scope::Kind::kProject ? "project" : "team"},
                  {"slug", scope.slug}};
  out["sent"] = Figures(s.sent);
  out["received"] = Figures(s.received);
  json month = Figures(s.month);
  month.update({{"month", q.to.substr(0, 7)}, {"from", q.to.substr(0, 8) + "01"}, {"to", q.to}});
  out["month"] = std::move(month);
  out["trend"] = TrendJson(s, q);
  out["days"] = DaysJson(s, q);
  out["workloads"] = WorkloadsJson(s);
  ASSIGN_OR_RETURN(out["edges"], TopEdges(s, scope, advisor, window_seconds, top));
  return out;
}

}  // namespace paved::traffic::edges
