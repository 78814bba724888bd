#include "monitoring/testing/targets.h"

namespace paved::monitoring::testing {

Target IstioTarget(const std::string& ns) {
  MonitoringConfig config;
  return Target{.project = "chat-gateway",
                .team = "chat",
                .cluster = "prod-eu",
                .runtime = "kubernetes",
                .environment = "production",
                .ns = ns,
                .services = {"web"},
                .metrics = ResolveMetrics(config, {}),
                .slo = config.slo};
}

Target AppTarget(const std::string& ns) {
  Target t = IstioTarget(ns);
  deploy::spec::MonitoringSpec spec;
  spec.metrics.source = "app";
  t.metrics = ResolveMetrics(MonitoringConfig{}, spec);
  return t;
}

}  // namespace paved::monitoring::testing
