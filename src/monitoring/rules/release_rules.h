#pragma once

#include <optional>

#include "deploy/release/release_builder.h"
#include "deploy/render/renderer.h"
#include "monitoring/monitoring_config.h"
#include "monitoring/rules/rule_file.h"
#include "monitoring/targets.h"
#include "nlohmann/json.hpp"

namespace paved::monitoring::rules {

// Whether releases to `cluster` carry a PrometheusRule: config.prometheus_rule when set, else on
// for kubernetes and gitops clusters. Never for the local runtime (it runs processes and has no
// Prometheus Operator).
bool RendersPrometheusRule(const MonitoringConfig& config,
                           const deploy::platform::Cluster& cluster);

// The target a release renders for: its project, team, cluster and namespace, the spec's
// services and monitoring overrides.
Target TargetOfRelease(const deploy::render::RenderInput& input, const MonitoringConfig& config);

// The release hook (deploy/release ExtraObjects): the PrometheusRule of the rendered namespace
// when RendersPrometheusRule, else nothing; with the project's taught rules when given.
// REQUIRES: `config` outlives the hook.
deploy::release::ExtraObjects PrometheusRuleObjects(const MonitoringConfig* config,
                                                    TaughtRulesOf taught = nullptr);

}  // namespace paved::monitoring::rules
