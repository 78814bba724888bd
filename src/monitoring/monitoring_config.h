#pragma once

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace paved::monitoring {

// A metric name with label matchers that are part of what it means, e.g.
// kube_pod_container_resource_limits{resource="memory"}.
struct MetricRef {
  std::string name;
  std::map<std::string, std::string> match;  // label -> exact value
};

// The request (RED) metrics of one source: a counter of requests and a histogram of durations.
struct RequestMetrics {
  std::string requests_total;
  std::string duration_bucket;
  std::string duration_unit;  // "seconds" | "milliseconds"
  std::string namespace_label;
  std::string service_label;
  std::string status_label;
  std::string error_regex;  // status values that count as errors (RE2, anchored by PromQL)
  // Exact matchers every request query adds (Istio: reporter="destination", so a call counts
  // once, not once per side).
  std::map<std::string, std::string> match;
};

// Istio's standard metrics (the platform default).
RequestMetrics IstioRequestMetrics();
// An app's own HTTP metrics as Prometheus client libraries name them (`metrics: app`).
RequestMetrics AppRequestMetrics();

// Saturation and capacity: cAdvisor and kube-state-metrics.
struct SaturationMetrics {
  MetricRef cpu_throttled_periods{"container_cpu_cfs_throttled_periods_total", {}};
  MetricRef cpu_periods{"container_cpu_cfs_periods_total", {}};
  MetricRef memory_working_set{"container_memory_working_set_bytes", {}};
  MetricRef memory_limit{"kube_pod_container_resource_limits", {{"resource", "memory"}}};
  MetricRef restarts{"kube_pod_container_status_restarts_total", {}};
  MetricRef oom_killed{"kube_pod_container_status_last_terminated_reason",
                       {{"reason", "OOMKilled"}}};
  MetricRef evicted{"kube_pod_status_reason", {{"reason", "Evicted"}}};
  // Disk: used and capacity bytes of persistent volumes; empty names = no disk signals.
  MetricRef volume_used;      // e.g. kubelet_volume_stats_used_bytes
  MetricRef volume_capacity;  // e.g. kubelet_volume_stats_capacity_bytes
  std::string namespace_label = "namespace";
  std::string container_label = "container";  // the component's name (the renderer's)
  std::string pod_label = "pod";
  std::string volume_label = "persistentvolumeclaim";
};

// Service level objectives.
struct Slo {
  double availability = 99.9;     // percent of requests that do not fail
  double latency_percent = 99.0;  // percent of requests faster than latency_ms
  int latency_ms = 250;           // a bucket boundary of Istio's and client libraries' histograms
  int window_days = 30;
};

struct GrafanaConfig {
  std::string url;  // "" = no Grafana to push to
  std::string token_env;
  std::string folder_prefix = "Paved";
};

// The server config file's `monitoring:` block (docs/monitoring.md). Every field has a default
// that fits Istio + cAdvisor + kube-state-metrics.
struct MonitoringConfig {
  std::string source = "istio";                  // default request metrics of projects: istio | app
  RequestMetrics istio = IstioRequestMetrics();  // `metrics:`
  RequestMetrics app = AppRequestMetrics();      // `app_metrics:`
  SaturationMetrics saturation;                  // `saturation:`
  // When set, every query also selects {cluster_label="<cluster>"} (one Prometheus for many
  // clusters); "" when each cluster has its own Prometheus.
  std::string cluster_label;
  // The label alert rules put the target's cluster under: the one Paved's alert intake reads
  // (`alerts.cluster_label`).
  std::string alert_cluster_label = "cluster";
  Slo slo;
  std::string prometheus_url;  // may be empty
  GrafanaConfig grafana;
  std::string provisioning_dir;  // where dashboards are written as files; "" = none
  // Render a PrometheusRule beside kubernetes/gitops manifests; nullopt = on for those.
  std::optional<bool> prometheus_rule;
  // Links in alert annotations; {project}, {namespace}, {service}, {cluster}, {alert} are
  // replaced. "" = none.
  std::string runbook_url;
  std::string dashboard_url;
};

// Parses the config file's `monitoring:` block (optional; absent: the defaults). Unknown keys
// and wrong types are InvalidArgument naming the key, e.g.
// "monitoring.metrics.requests_total: must be a Prometheus metric name".
absl::StatusOr<MonitoringConfig> ParseMonitoringConfig(const nlohmann::json& file);

// True when `name` is a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).
bool IsMetricName(const std::string& name);
// True when `name` is a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*).
bool IsLabelName(const std::string& name);

}  // namespace paved::monitoring
