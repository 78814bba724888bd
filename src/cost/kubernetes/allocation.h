#pragma once

#include <map>
#include <string>
#include <vector>

#include "cost/money.h"

namespace paved::cost::kubernetes {

// A node of the cluster over one day, priced: what its capacity costs per core-hour and per
// GiB-hour (pricing.h), and for how many hours of the day it was seen.
struct NodeDay {
  std::string node;
  std::string instance_id;    // "i-…" from the provider id; "" when not an EC2 instance
  std::string instance_type;  // "" when unknown
  double cpu_cores = 0;       // capacity
  double ram_gib = 0;
  int hours = 0;
  double cpu_hour_price = 0;  // dollars per core-hour
  double gib_hour_price = 0;  // dollars per GiB-hour
  std::string price_source;   // bill | table
};

// One container during one hour of the day: its requests and its usage (mean cores used over
// the hour, working set in GiB), and the node it ran on.
struct ContainerHour {
  int hour = 0;  // 0..23, UTC
  std::string namespace_name, pod, container, node;
  double cpu_request = 0, cpu_usage = 0;
  double ram_request_gib = 0, ram_usage_gib = 0;
};

// A namespace whose cost is split to teams instead of being owned by one. Weights by team id;
// empty: proportional to each team's workload cost that day.
struct SharedNamespace {
  std::string namespace_name;
  std::map<std::string, double> weights;
};

// A row of `cost_allocations`.
struct AllocationRow {
  std::string namespace_name;  // "" for idle
  std::string kind;            // workload | idle | shared
  std::string team_id;         // set only on shared rows
  double cpu_core_hours = 0, ram_gib_hours = 0;
  Money cpu, ram, total;
};

// A row of `cost_allocation_nodes`.
struct NodeCostRow {
  std::string node, instance_id;
  Money cost;
  std::string price_source;
};

struct DayAllocation {
  std::vector<AllocationRow> rows;  // sorted by (namespace, kind, team_id)
  std::vector<NodeCostRow> nodes;   // sorted by node
};

// What the allocation needs to know of the catalog: the team id owning a (non-shared)
// namespace, "" when none does.
using TeamOfNamespace = std::map<std::string, std::string>;

// OpenCost's model for one day. Each container-hour costs max(request, usage) of CPU and of RAM
// at its node's prices (a container on a node that is not in `nodes` is left out: nothing is
// known of its price); a node costs its capacity × prices × hours seen; the idle row is, per
// node, its cost minus what its containers were allocated (never below zero: a node whose
// containers use more than its capacity has no idle). A shared namespace's cost goes to teams
// by its weights, else in proportion to each team's workload cost that day (teams from
// `teams`); with no weights and no team with workload cost it stays a workload row. Amounts
// are summed in dollars and rounded to the nano once per row and part (CPU, RAM); total is
// cpu + ram.
DayAllocation Allocate(const std::vector<NodeDay>& nodes,
                       const std::vector<ContainerHour>& containers,
                       const std::vector<SharedNamespace>& shared, const TeamOfNamespace& teams);

}  // namespace paved::cost::kubernetes
