#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cost/kubernetes/allocation.h"
#include "nlohmann/json.hpp"

namespace paved::cost::kubernetes {

// A node price of the table, by instance type: per core-hour and per GiB-hour, or one price per
// hour for the whole node split by the CPU:RAM ratio.
struct NodePrice {
  double cpu_hour = 0;
  double gib_hour = 0;
  double hourly = 0;  // used when cpu_hour and gib_hour are both 0
};

// The metric and label names read from Prometheus (kube-state-metrics and cAdvisor's).
struct MetricNames {
  std::string cpu_usage = "container_cpu_usage_seconds_total";
  std::string memory_working_set = "container_memory_working_set_bytes";
  std::string requests = "kube_pod_container_resource_requests";
  std::string pod_info = "kube_pod_info";
  std::string node_labels = "kube_node_labels";
  std::string node_info = "kube_node_info";
  std::string node_capacity = "kube_node_status_capacity";
  std::string instance_type_label = "label_node_kubernetes_io_instance_type";
  std::string provider_id_label = "provider_id";
  // When set, every query selects {cluster_label="<cluster>"} (one Prometheus for many
  // clusters); "" when the Prometheus sees one cluster only.
  std::string cluster_label;
};

// Config block `cost.kubernetes` of the server config file.
struct KubernetesCostConfig {
  bool enabled = false;  // true when prometheus_url is set
  std::string prometheus_url;
  std::string cluster;  // the name rows are stored under
  MetricNames metrics;
  std::vector<SharedNamespace> shared_namespaces = {
      {"kube-system", {}}, {"istio-system", {}}, {"monitoring", {}}};
  std::map<std::string, NodePrice> node_prices;  // by instance type
  // For a node whose type is not in the table: OpenCost's default prices.
  NodePrice default_price{.cpu_hour = 0.031611, .gib_hour = 0.004237};
  // Price of a core-hour over that of a GiB-hour, to split a node's hourly price (from the bill
  // or `hourly`) into CPU and RAM; OpenCost's default prices' ratio.
  double cpu_to_ram_price_ratio = 0.031611 / 0.004237;
  int64_t timeout_ms = 30'000;              // per Prometheus query (`timeout_seconds`)
  int64_t max_response_bytes = 32LL << 20;  // per Prometheus answer
  int64_t every_ms = 3'600'000;             // how often the job runs (`every_minutes`)
  int backfill_days = 7;                    // finished days the job allocates when missing
};

// Parses the config file's `cost.kubernetes` (optional; absent: disabled). Shared namespaces
// are a list of names (split in proportion to the teams' cost) or a map from name to weights
// by team slug (`kube-system: {platform: 1, payments: 3}`); weights stay keyed by slug here
// (the allocator resolves them to team ids). InvalidArgument names
// the key, e.g. "cost.kubernetes.node_prices.m5.large.cpu_hour: not a number".
absl::StatusOr<KubernetesCostConfig> ParseKubernetesCostConfig(const nlohmann::json& file);

}  // namespace paved::cost::kubernetes
