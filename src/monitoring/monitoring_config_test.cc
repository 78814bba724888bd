#include "monitoring/monitoring_config.h"

#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::monitoring {
namespace {

using nlohmann::json;

std::string Error(const std::string& text) {
  auto c = ParseMonitoringConfig(json::parse(text));
  return c.ok() ? std::string("ok") : std::string(c.status().message());
}

TEST(MonitoringConfigTest, AbsentGivesIstioAndKubeStateMetricsDefaults) {
  auto c = ParseMonitoringConfig(json::object());
  ASSERT_OK(c);
  EXPECT_EQ(c->source, "istio");
  EXPECT_EQ(c->istio.requests_total, "istio_requests_total");
  EXPECT_EQ(c->istio.duration_bucket, "istio_request_duration_milliseconds_bucket");
  EXPECT_EQ(c->istio.duration_unit, "milliseconds");
  EXPECT_EQ(c->istio.namespace_label, "destination_service_namespace");
  EXPECT_EQ(c->istio.service_label, "destination_service_name");
  EXPECT_EQ(c->istio.status_label, "response_code");
  EXPECT_EQ(c->istio.error_regex, "5..");
  EXPECT_EQ(c->saturation.memory_limit.name, "kube_pod_container_resource_limits");
  EXPECT_EQ(c->saturation.memory_limit.match.at("resource"), "memory");
  EXPECT_EQ(c->saturation.oom_killed.match.at("reason"), "OOMKilled");
  EXPECT_EQ(c->saturation.evicted.match.at("reason"), "Evicted");
  EXPECT_EQ(c->saturation.namespace_label, "namespace");
  EXPECT_TRUE(c->saturation.volume_used.name.empty());
  EXPECT_EQ(c->cluster_label, "");
  EXPECT_DOUBLE_EQ(c->slo.availability, 99.9);
  EXPECT_EQ(c->slo.window_days, 30);
  EXPECT_FALSE(c->prometheus_rule.has_value());
}

TEST(MonitoringConfigTest, ReadsTheWholeBlock) {
  auto c = ParseMonitoringConfig(json::parse(R"({"monitoring": {
      "prometheus_url": "http://prom:9090", "cluster_label": "k8s_cluster",
      "metrics": {"source": "app", "requests_total": "linkerd_requests_total",
                  "duration_unit": "milliseconds", "match": {"direction": "inbound"}},
      "app_metrics": {"requests_total": "http_server_requests_seconds_count",
                      "duration_bucket": "http_server_requests_seconds_bucket", "status_label": "status"},
      "saturation": {"memory_limit": {"name": "kube_pod_container_resource_limits_bytes"},
                     "volume_used": "kubelet_volume_stats_used_bytes",
                     "volume_capacity": "kubelet_volume_stats_capacity_bytes"},
      "slo": {"availability": 99.5, "latency": {"percent": 95, "ms": 500}, "window_days": 28},
      "grafana": {"url": "https://grafana.example.com/", "token_env": "GRAFANA_TOKEN",
                  "folder_prefix": "Teams"},
      "provisioning_dir": "/var/lib/grafana/dashboards", "prometheus_rule": false,
      "runbook_url": "https://runbooks.example.com/{alert}"}})"));
  ASSERT_OK(c);
  EXPECT_EQ(c->source, "app");
  EXPECT_EQ(c->istio.requests_total, "linkerd_requests_total");
  EXPECT_EQ(c->istio.match.size(), 1u);
  EXPECT_EQ(c->istio.match.at("direction"), "inbound");
  EXPECT_EQ(c->app.status_label, "status");
  EXPECT_EQ(c->app.service_label, "service");
  EXPECT_EQ(c->saturation.memory_limit.name, "kube_pod_container_resource_limits_bytes");
  EXPECT_TRUE(c->saturation.memory_limit.match.empty());
  EXPECT_EQ(c->saturation.volume_capacity.name, "kubelet_volume_stats_capacity_bytes");
  EXPECT_EQ(c->cluster_label, "k8s_cluster");
  EXPECT_DOUBLE_EQ(c->slo.latency_percent, 95);
  EXPECT_EQ(c->slo.latency_ms, 500);
  EXPECT_EQ(c->slo.window_days, 28);
  EXPECT_EQ(c->grafana.url, "https://grafana.example.com");
  EXPECT_EQ(c->grafana.folder_prefix, "Teams");
  EXPECT_EQ(c->provisioning_dir, "/var/lib/grafana/dashboards");
  EXPECT_EQ(c->prometheus_rule, false);
}

TEST(MonitoringConfigTest, MistakesNameTheirKey) {
  EXPECT_EQ(Error(R"({"monitoring": {"metrics": {"requests_total": "istio requests"}}})"),
            "monitoring.metrics.requests_total: must be a Prometheus metric name "
            "([a-zA-Z_:][a-zA-Z0-9_:]*)");
  EXPECT_EQ(Error(R"({"monitoring": {"metrics": {"status_label": "response-code"}}})"),
            "monitoring.metrics.status_label: must be a Prometheus label name "
            "([a-zA-Z_][a-zA-Z0-9_]*)");
  EXPECT_EQ(Error(R"({"monitoring": {"metrics": {"duration_unit": "ms"}}})"),
            "monitoring.metrics.duration_unit: must be seconds or milliseconds");
  EXPECT_EQ(Error(R"({"monitoring": {"slo": {"availability": 100}}})"),
            "monitoring.slo.availability: must be a percentage above 0 and below 100");
  EXPECT_EQ(Error(R"({"monitoring": {"slo": {"latency": {"ms": 0}}}})"),
            "monitoring.slo.latency.ms: must be a whole number from 1 to 600000");
  EXPECT_EQ(Error(R"({"monitoring": {"grafana": {"uri": "x"}}})"),
            "monitoring.grafana.uri: unknown key");
  EXPECT_EQ(Error(R"({"monitoring": {"dashboards": true}})"), "monitoring.dashboards: unknown key");
  EXPECT_EQ(
      Error(
          R"({"monitoring": {"saturation": {"volume_used": "kubelet_volume_stats_used_bytes"}}})"),
      "monitoring.saturation.volume_used: volume_used and volume_capacity go together");
  EXPECT_EQ(
      Error(R"({"monitoring": {"saturation": {"evicted": {"name": "x", "match": {"a-b": "c"}}}}})"),
      "monitoring.saturation.evicted.match.a-b: not a Prometheus label name");
  EXPECT_EQ(Error(R"({"monitoring": {"prometheus_rule": "yes"}})"),
            "monitoring.prometheus_rule: must be true or false");
  EXPECT_EQ(Error(R"({"monitoring": {"metrics": {"source": "linkerd"}}})"),
            "monitoring.metrics.source: must be istio or app");
  EXPECT_EQ(Error(R"({"monitoring": 3})"), "monitoring: must be a map");
}

}  // namespace
}  // namespace paved::monitoring
