#pragma once

#include <optional>

#include "cost/kubernetes/allocation.h"
#include "cost/kubernetes/kubernetes_config.h"
#include "cost/money.h"

namespace paved::cost::kubernetes {

// Sets `node`'s prices per core-hour and per GiB-hour (and price_source).
// From the bill when `bill_day_cost` is set (its instance's effective cost that day, spread over
// the hours the node was seen, then split by the CPU:RAM price ratio over its capacity); else
// from the table by instance type (per core-hour and GiB-hour, or an hourly node price split
// like the bill's), else the default price. REQUIRES: node.hours > 0.
void PriceNode(NodeDay& node, const KubernetesCostConfig& config,
               std::optional<Money> bill_day_cost);

// Splits a node's price per hour into a price per core-hour and per GiB-hour such that
// cores × cpu + gib × ram = hourly and cpu = ratio × ram. A node without capacity gets 0.
void SplitHourly(double hourly, double cores, double gib, double ratio, double& cpu_hour,
                 double& gib_hour);

}  // namespace paved::cost::kubernetes
