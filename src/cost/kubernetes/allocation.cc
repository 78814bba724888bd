#include "cost/kubernetes/allocation.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace paved::cost::kubernetes {
namespace {

// Sums in dollars and hours, rounded once at the end.
struct Sums {
  double cpu_hours = 0, ram_hours = 0, cpu_dollars = 0, ram_dollars = 0;

  void Add(const Sums& o, double share = 1) {
    cpu_hours += o.cpu_hours * share;
    ram_hours += o.ram_hours * share;
    cpu_dollars += o.cpu_dollars * share;
    ram_dollars += o.ram_dollars * share;
  }
  double dollars() const { return cpu_dollars + ram_dollars; }
};

Money Nanos(double dollars) { return Money{std::llround(dollars * 1e9)}; }

AllocationRow ToRow(const std::string& ns, const std::string& kind, const std::string& team,
                    const Sums& s) {
  AllocationRow row{.namespace_name = ns,
                    .kind = kind,
                    .team_id = team,
                    .cpu_core_hours = s.cpu_hours,
                    .ram_gib_hours = s.ram_hours,
                    .cpu = Nanos(s.cpu_dollars),
                    .ram = Nanos(s.ram_dollars)};
  row.total = row.cpu + row.ram;
  return row;
}

// The workload of each namespace, and of each node (for its idle).
void SumContainers(const std::map<std::string, const NodeDay*>& by_node,
                   const std::vector<ContainerHour>& containers,
                   std::map<std::string, Sums>& by_namespace,
                   std::map<std::string, Sums>& on_node) {
  for (const ContainerHour& c : containers) {
    auto node = by_node.find(c.node);
    if (node == by_node.end()) continue;
    Sums s;
    s.cpu_hours = std::max(c.cpu_request, c.cpu_usage);
    s.ram_hours = std::max(c.ram_request_gib, c.ram_usage_gib);
    s.cpu_dollars = s.cpu_hours * node->second->cpu_hour_price;
    s.ram_dollars = s.ram_hours * node->second->gib_hour_price;
    by_namespace[c.namespace_name].Add(s);
    on_node[c.node].Add(s);
  }
}

// What the nodes cost beyond what their containers were allocated.
Sums Idle(const std::vector<NodeDay>& nodes, std::map<std::string, Sums>& on_node) {
  Sums idle;
  for (const NodeDay& n : nodes) {
    const Sums& used = on_node[n.node];
    idle.cpu_hours += std::max(0.0, n.cpu_cores * n.hours - used.cpu_hours);
    idle.ram_hours += std::max(0.0, n.ram_gib * n.hours - used.ram_hours);
    idle.cpu_dollars += std::max(0.0, n.cpu_cores * n.hours * n.cpu_hour_price - used.cpu_dollars);
    idle.ram_dollars += std::max(0.0, n.ram_gib * n.hours * n.gib_hour_price - used.ram_dollars);
  }
  return idle;
}

// The share of each team: the configured weights, else each team's workload cost.
std::map<std::string, double> Shares(const SharedNamespace& shared,
                                     const std::map<std::string, double>& team_cost) {
  const std::map<std::string, double>& weights =
      shared.weights.empty() ? team_cost : shared.weights;
  double sum = 0;
  for (const auto& [team, w] : weights) sum += std::max(0.0, w);
  std::map<std::string, double> shares;
  if (sum <= 0) return shares;
  for (const auto& [team, w] : weights) {
    if (w > 0) shares[team] = w / sum;
  }
  return shares;
}

}  // namespace

DayAllocation Allocate(const std::vector<NodeDay>& nodes,
                       const std::vector<ContainerHour>& containers,
                       const std::vector<SharedNamespace>& shared, const TeamOfNamespace& teams) {
  std::map<std::string, const NodeDay*> by_node;
  for (const NodeDay& n : nodes) by_node[n.node] = &n;
  std::map<std::string, Sums> by_namespace, on_node;
  SumContainers(by_node, containers, by_namespace, on_node);

  std::map<std::string, const SharedNamespace*> shared_by_name;
  for (const SharedNamespace& s : shared) shared_by_name[s.namespace_name] = &s;
  std::map<std::string, double> team_cost;
  for (const auto& [ns, sums] : by_namespace) {
    auto team = teams.find(ns);
    if (shared_by_name.count(ns) == 0 && team != teams.end() && !team->second.empty()) {
      team_cost[team->second] += sums.dollars();
    }
  }

  DayAllocation out;
  for (const auto& [ns, sums] : by_namespace) {
    auto rule = shared_by_name.find(ns);
    std::map<std::string, double> shares;
    if (rule != shared_by_name.end()) shares = Shares(*rule->second, team_cost);
    if (shares.empty()) {
      out.rows.push_back(ToRow(ns, "workload", "", sums));
      continue;
    }
    for (const auto& [team, share] : shares) {
      Sums part;
      part.Add(sums, share);
      out.rows.push_back(ToRow(ns, "shared", team, part));
    }
  }
  Sums idle = Idle(nodes, on_node);
  if (!nodes.empty()) out.rows.push_back(ToRow("", "idle", "", idle));
  std::sort(out.rows.begin(), out.rows.end(), [](const AllocationRow& a, const AllocationRow& b) {
    return std::tie(a.namespace_name, a.kind, a.team_id) <
           std::tie(b.namespace_name, b.kind, b.team_id);
  });

  for (const auto& [name, n] : by_node) {
    double dollars = n->hours * (n->cpu_cores * n->cpu_hour_price + n->ram_gib * n->gib_hour_price);
    out.nodes.push_back({.node = name,
                         .instance_id = n->instance_id,
                         .cost = Nanos(dollars),
                         .price_source = n->price_source});
  }
  return out;
}

}  // namespace paved::cost::kubernetes
