#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/projects.h"
#include "deploy/platform/platform_store.h"
#include "deploy/rollout/deployment_store.h"
#include "deploy/spec/app_spec.h"
#include "deploy/spec/spec_store.h"
#include "monitoring/monitoring_config.h"
#include "store/store.h"

namespace paved::monitoring {

// The metric and label names one target's queries use: the platform's, after its spec's
// `monitoring.metrics` override.
struct MetricSource {
  std::string source;  // istio | app
  RequestMetrics requests;
  SaturationMetrics saturation;
  std::string cluster_label;  // "" = one Prometheus per cluster
};

// What to monitor: one namespace of one project on one cluster.
struct Target {
  std::string project;  // slug
  std::string team;     // owner team slug
  std::string cluster;
  std::string runtime;      // the cluster's: local | kubernetes | gitops ("" when unknown)
  std::string environment;  // the cluster's environment ("" when unknown)
  std::string ns;
  std::vector<std::string> services;  // component names of kind service, sorted
  MetricSource metrics;
  Slo slo;  // the platform's objectives after the spec's `monitoring.slo`
};

// The platform's metric names after a spec's override.
MetricSource ResolveMetrics(const MonitoringConfig& config, const deploy::spec::MonitoringSpec& m);
// The platform's objectives after a spec's override.
Slo ResolveSlo(const MonitoringConfig& config, const deploy::spec::MonitoringSpec& m);

// Everything targets are made of, read in a handful of queries.
struct TargetInputs {
  std::vector<catalog::Project> projects;
  std::vector<deploy::platform::Cluster> clusters;
  std::vector<std::pair<std::string, std::string>> targets;  // (project id, cluster)
  std::vector<deploy::rollout::DeployedNamespace> deployed;
  std::vector<deploy::spec::SpecVersion> specs;  // the latest of each project
};

// The targets of `inputs`, sorted by (project, cluster, namespace). A project's clusters are its
// deploy targets, the clusters its releases went to and those its namespace claims name; on
// each, its namespaces are those deployed to there, those it claims there or on every cluster,
// else its default namespace (the slug). Services come from the latest spec (none when it has
// none or it no longer parses). Deterministic.
std::vector<Target> BuildTargets(const TargetInputs& inputs, const MonitoringConfig& config);

// The targets of one project. NotFound ("no project <slug>") when there is none.
absl::StatusOr<std::vector<Target>> TargetsOf(store::Store& store, const MonitoringConfig& config,
                                              const std::string& project_slug);

// The targets of every project: a fixed number of queries, whatever the number of projects.
absl::StatusOr<std::vector<Target>> AllTargets(store::Store& store, const MonitoringConfig& config);

}  // namespace paved::monitoring
