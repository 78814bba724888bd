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

std::vector<GeneratedDashboard> FixtureDashboards() {
  std::vector<GeneratedDashboard> out = {NamespaceDashboard(FixtureNamespace())};
  out.push_back(OverallDashboard({"slo:burn_rate:1h", "slo:burn_rate:6h", "slo:burn_rate:3d"},
                                 "https://paved.example"));
  for (auto& d : DoctorDashboards("https://paved.example")) out.push_back(std::move(d));
  return out;
}

}  // namespace paved::monitoring::dashboards::testing
