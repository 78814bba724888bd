#include "monitoring/rules/release_rules.h"

#include <algorithm>

#include "monitoring/rules/rule_file.h"

namespace paved::monitoring::rules {

bool RendersPrometheusRule(const MonitoringConfig& config,
                           const deploy::platform::Cluster& cluster) {
  if (cluster.runtime != "kubernetes" && cluster.runtime != "gitops") return false;
  return config.prometheus_rule.value_or(true);
}

Target TargetOfRelease(const deploy::render::RenderInput& input, const MonitoringConfig& config) {
  Target t{.project = input.project,
           .team = input.team,
           .cluster = input.cluster.name,
           .runtime = input.cluster.runtime,
           .environment = input.environment.name,
           .ns = input.namespace_name};
  const deploy::spec::MonitoringSpec none;
  const deploy::spec::MonitoringSpec& spec = input.spec ? input.spec->monitoring : none;
  t.metrics = ResolveMetrics(config, spec);
  t.slo = ResolveSlo(config, spec);
  if (input.spec) {
    for (const auto& c : input.spec->components) {
      if (c.kind == deploy::spec::ComponentKind::kService) t.services.push_back(c.name);
    }
    std::sort(t.services.begin(), t.services.end());
  }
  return t;
}

deploy::release::ExtraObjects PrometheusRuleObjects(const MonitoringConfig* config,
                                                    TaughtRulesOf taught) {
  return
      [config, taught = std::move(taught)](
          const deploy::render::RenderInput& input) -> absl::StatusOr<std::vector<nlohmann::json>> {
        if (!RendersPrometheusRule(*config, input.cluster)) return std::vector<nlohmann::json>{};
        return std::vector<nlohmann::json>{
            PrometheusRuleObject({TargetOfRelease(input, *config)}, *config, taught)};
      };
}

}  // namespace paved::monitoring::rules
