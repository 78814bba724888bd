#include "monitoring/dashboards/doctor_dashboards.h"

#include "monitoring/dashboards/dashboard_json.h"
#include "monitoring/dashboards/dashboard_uid.h"

namespace paved::monitoring::dashboards {
namespace {

GeneratedDashboard Doctor(const std::string& name, const std::string& title,
                          const DashboardBuilder& b) {
  GeneratedDashboard d;
  d.uid = DashboardUid("doctor", name);
  d.title = title;
  d.kind = DashboardKind::kDoctor;
  d.model = b.Build();
  return d;
}

DashboardBuilder Builder(const std::string& name, const std::string& title) {
  return DashboardBuilder(DashboardUid("doctor", name), title, {"paved", "doctor", name});
}

}  // namespace

GeneratedDashboard IstioDashboard() {
  DashboardBuilder b = Builder("istio", "Paved doctor · Istio");
  b.Row("Control plane (istiod)");
  b.Stat({"Connected proxies", "sum(pilot_xds)", "short", ""});
  b.Stat({"Config rejects (5m)", "sum(increase(pilot_total_xds_rejects[5m]))", "short", ""});
  b.Stat({"istiod up", "sum(up{app=\"istiod\"})", "short", ""});
  b.Stat({"Injection failures (5m)", "sum(increase(sidecar_injection_failure_total[5m]))", "short",
          ""});
  b.Timeseries("xDS pushes by type",
               {{"pushes", "sum by (type) (rate(pilot_xds_pushes[5m]))", "ops", "{{type}}"}});
  b.Timeseries("Proxy convergence p99", {{"p99",
                                          "histogram_quantile(0.99, sum by (le) "
                                          "(rate(pilot_proxy_convergence_time_bucket[5m])))",
                                          "s", "p99"}});
  b.Row("Proxies (data plane)");
  b.Timeseries("Requests by destination",
               {{"rps",
                 "sum by (destination_service_namespace) "
                 "(rate(istio_requests_total{reporter=\"destination\"}[5m]))",
                 "reqps", "{{destination_service_namespace}}"}});
  b.Timeseries("5xx ratio by destination",
               {{"5xx",
                 "sum by (destination_service_namespace) (rate(istio_requests_total"
                 "{reporter=\"destination\",response_code=~\"5..\"}[5m])) / sum by "
                 "(destination_service_namespace) "
                 "(rate(istio_requests_total{reporter=\"destination\"}[5m]))",
                 "percentunit", "{{destination_service_namespace}}"}});
  b.Timeseries("Upstream connection failures",
               {{"cx", "sum(rate(envoy_cluster_upstream_cx_connect_fail[5m]))", "ops", "fail"}});
  b.Timeseries("Proxy memory", {{"mem",
                                 "sum by (namespace) (container_memory_working_set_bytes"
                                 "{container=\"istio-proxy\"})",
                                 "bytes", "{{namespace}}"}});
  return Doctor("istio", "Paved doctor · Istio", b);
}

GeneratedDashboard HaproxyDashboard() {
  DashboardBuilder b = Builder("haproxy", "Paved doctor · HAProxy");
  b.Row("Process");
  b.Stat({"Connections", "sum(haproxy_process_current_connections)", "short", ""});
  b.Stat({"Connection limit", "sum(haproxy_process_max_connections)", "short", ""});
  b.Stat({"Backends down", "count(haproxy_backend_status{state=\"DOWN\"} == 1) or vector(0)",
          "short", ""});
  b.Stat({"Servers down", "count(haproxy_server_status{state=\"DOWN\"} == 1) or vector(0)", "short",
          ""});
  b.Row("Frontends");
  b.Timeseries("Requests",
               {{"rps", "sum by (proxy) (rate(haproxy_frontend_http_requests_total[5m]))", "reqps",
                 "{{proxy}}"}});
  b.Timeseries(
      "Sessions vs limit",
      {{"sessions", "sum by (proxy) (haproxy_frontend_current_sessions)", "short", "{{proxy}}"},
       {"limit", "sum by (proxy) (haproxy_frontend_limit_sessions)", "short", "{{proxy}} limit"}});
  b.Row("Backends");
  b.Timeseries("5xx ratio",
               {{"5xx",
                 "sum by (proxy) (rate(haproxy_backend_http_responses_total{code=\"5xx\"}[5m])) / "
                 "sum by (proxy) (rate(haproxy_backend_http_responses_total[5m]))",
                 "percentunit", "{{proxy}}"}});
  b.Timeseries(
      "Average response time",
      {{"rt", "max by (proxy) (haproxy_backend_response_time_average_seconds)", "s", "{{proxy}}"}});
  b.Timeseries("Queue",
               {{"queue", "sum by (proxy) (haproxy_backend_current_queue)", "short", "{{proxy}}"}});
  b.Timeseries("Connection and response errors",
               {{"cx", "sum by (proxy) (rate(haproxy_backend_connection_errors_total[5m]))", "ops",
                 "{{proxy}} connect"},
                {"resp", "sum by (proxy) (rate(haproxy_backend_response_errors_total[5m]))", "ops",
                 "{{proxy}} response"}});
  return Doctor("haproxy", "Paved doctor · HAProxy", b);
}

GeneratedDashboard KubeSystemDashboard() {
  DashboardBuilder b = Builder("kube-system", "Paved doctor · kube-system");
  b.Row("System pods");
  b.Stat({"Pods not ready",
          "sum(kube_pod_status_ready{namespace=\"kube-system\",condition=\"false\"})", "short",
          ""});
  b.Stat({"Restarts (1h)",
          "sum(increase(kube_pod_container_status_restarts_total{namespace=\"kube-system\"}[1h]))",
          "short", ""});
  b.Timeseries("CPU throttling",
               {{"throttled",
                 "sum by (pod) (rate(container_cpu_cfs_throttled_periods_total{namespace=\"kube-"
                 "system\"}[5m])) / sum by (pod) (rate(container_cpu_cfs_periods_total{namespace="
                 "\"kube-system\"}[5m]))",
                 "percentunit", "{{pod}}"}});
  b.Timeseries("Memory vs limit",
               {{"mem",
                 "sum by (pod) (container_memory_working_set_bytes{namespace=\"kube-system\","
                 "container!=\"\"}) / sum by (pod) (kube_pod_container_resource_limits{namespace="
                 "\"kube-system\",resource=\"memory\"})",
                 "percentunit", "{{pod}}"}});
  b.Row("CoreDNS and API server");
  b.Timeseries("DNS requests and SERVFAIL",
               {{"dns", "sum(rate(coredns_dns_requests_total[5m]))", "reqps", "requests"},
                {"servfail", "sum(rate(coredns_dns_responses_total{rcode=\"SERVFAIL\"}[5m]))",
                 "reqps", "SERVFAIL"}});
  b.Timeseries("API server p99 by verb",
               {{"p99",
                 "histogram_quantile(0.99, sum by (le, verb) (rate(apiserver_request_duration_"
                 "seconds_bucket{verb!~\"WATCH|CONNECT\"}[5m])))",
                 "s", "{{verb}}"}});
  b.Timeseries("Evictions",
               {{"evicted", "sum by (namespace) (kube_pod_status_reason{reason=\"Evicted\"})",
                 "short", "{{namespace}}"}});
  return Doctor("kube-system", "Paved doctor · kube-system", b);
}

GeneratedDashboard PavedDashboard(const std::string& paved_url) {
  DashboardBuilder b = Builder("paved", "Paved doctor · Paved");
  if (!paved_url.empty()) b.Link("Paved", paved_url);
  b.Row("Server");
  b.Stat({"Version", "max by (version) (paved_build_info)", "short", "{{version}}"});
  b.Stat({"Job queue depth", "sum(paved_job_queue_depth)", "short", ""});
  b.Stat({"SSE streams", "sum(paved_sse_streams)", "short", ""});
  b.Stat({"Alerts indexed", "sum(paved_alerts_indexed)", "short", ""});
  b.Stat({"Dashboards edited in Grafana", "max(paved_monitoring_dashboards_edited)", "short", ""});
  b.Timeseries("Requests by route", {{"rps", "sum by (route) (rate(paved_http_requests_total[5m]))",
                                      "reqps", "{{route}}"}});
  b.Timeseries("5xx ratio", {{"5xx",
                              "sum(rate(paved_http_requests_total{status=~\"5..\"}[5m])) / "
                              "sum(rate(paved_http_requests_total[5m]))",
                              "percentunit", "5xx"}});
  b.Timeseries("Latency p99 by route", {{"p99",
                                         "histogram_quantile(0.99, sum by (le, route) "
                                         "(rate(paved_http_request_duration_seconds_bucket[5m])))",
                                         "s", "{{route}}"}});
  b.Row("Deployments");
  b.Timeseries("Deployments by state",
               {{"deploys", "sum by (state) (increase(paved_deployments_total[1h]))", "short",
                 "{{state}}"}});
  b.Timeseries("Deployment duration p90 by environment",
               {{"p90",
                 "histogram_quantile(0.9, sum by (le, environment) "
                 "(rate(paved_deployment_duration_seconds_bucket[1h])))",
                 "s", "{{environment}}"}});
  return Doctor("paved", "Paved doctor · Paved", b);
}

std::vector<GeneratedDashboard> DoctorDashboards(const std::string& paved_url) {
  return {IstioDashboard(), HaproxyDashboard(), KubeSystemDashboard(), PavedDashboard(paved_url)};
}

}  // namespace paved::monitoring::dashboards
