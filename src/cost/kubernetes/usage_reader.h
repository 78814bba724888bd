#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "cost/kubernetes/allocation.h"
#include "cost/kubernetes/kubernetes_config.h"
#include "providers/prometheus/prometheus_client.h"

namespace paved::cost::kubernetes {

// A cluster's nodes (unpriced) and containers over some hours of one day.
struct DayUsage {
  std::vector<NodeDay> nodes;
  std::vector<ContainerHour> containers;
};

// Reads hours [0, hours) of the UTC day starting at `day_start` (unix seconds) from Prometheus,
// one range query per metric with a one-hour step: hour h is evaluated at its end,
// day_start + (h + 1) h, so CPU usage is the rate over that hour and the gauges (requests,
// working set, capacity) are their values at its end. Nodes come from the capacity metric
// (resource cpu and memory) with their instance type from the node labels and their instance
// id from the node info's provider id (`aws:///zone/i-…`); a container's node from the pod
// info. Containers named "" or "POD" (cgroup totals, the pause container) are left out.
// REQUIRES: 1 <= hours <= 24. Errors are the client's (prometheus_client.h).
absl::StatusOr<DayUsage> ReadDayUsage(prometheus::PrometheusClient& prometheus,
                                      const KubernetesCostConfig& c, int64_t day_start, int hours);

// The EC2 instance id at the end of a provider id ("aws:///eu-west-1a/i-0abc" → "i-0abc"),
// "" when there is none.
std::string InstanceIdOfProviderId(const std::string& provider_id);

}  // namespace paved::cost::kubernetes
