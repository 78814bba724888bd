#include "monitoring/dashboards/testing/fixture_inputs.h"

#include "monitoring/dashboards/doctor_dashboards.h"
#include "monitoring/dashboards/overall_dashboard.h"

namespace paved::monitoring::dashboards::testing {

NamespaceInput FixtureNamespace() {
  NamespaceInput in;
  in.project = "checkout";
  in.team = "payments";
  in.cluster = "prod-eu-west-1";
  in.ns = "checkout";
  in.services = {"api", "worker"};
  in.project_url = "https://paved.example/projects/checkout";
  in.red = {{"Request rate", "sum by (service) (rate(requests_total{namespace=\"checkout\"}[5m]))",
             "reqps", "{{service}}"},
            {"Error ratio", "sum by (service) (rate(requests_total{code=~\"5..\"}[5m]))",
             "percentunit", "{{service}}"}};
  in.saturation = {{"CPU throttling", "sum(rate(container_cpu_cfs_throttled_periods_total[5m]))",
                    "percentunit", ""}};
  in.capacity = {
      {"Replicas", "sum(kube_deployment_status_replicas{namespace=\"checkout\"})", "short", ""}};
  in.extra_panels = {{"Queue depth (INC-12)", "max(queue_depth{namespace=\"checkout\"})", "short"}};
  return in;
}

OverallInput FixtureOverall() {
  OverallInput in;
  in.availability = {"availability",
                     {{"1h", "paved:slo_errors:ratio_rate1h"},
                      {"6h", "paved:slo_errors:ratio_rate6h"},
                      {"3d", "paved:slo_errors:ratio_rate3d"}},
                     {{"checkout", 0.001}, {"search", 0.001}, {"batch", 0.01}}};
  in.latency = {
      "latency",
      {{"1h", "paved:slo_latency:ratio_rate1h"}, {"6h", "paved:slo_latency:ratio_rate6h"}},
      {{"checkout", 0.01}}};
  in.paved_url = "https://paved.example";
  return in;
}

std::vector<GeneratedDashboard> FixtureDashboards() {
  std::vector<GeneratedDashboard> out = {NamespaceDashboard(FixtureNamespace())};
  out.push_back(OverallDashboard(FixtureOverall()));
  for (auto& d : DoctorDashboards("https://paved.example")) out.push_back(std::move(d));
  return out;
}

}  // namespace paved::monitoring::dashboards::testing
