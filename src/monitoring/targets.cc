#include "monitoring/targets.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/clock.h"
#include "core/status_macros.h"
#include "deploy/spec/spec_parser.h"

namespace paved::monitoring {
namespace {

using deploy::spec::AppSpec;
using deploy::spec::MonitoringSpec;

constexpr int kProjectPage = 500;

std::string Or(const std::string& value, const std::string& fallback) {
  return value.empty() ? fallback : value;
}

// The spec's app metric names over the platform's app defaults.
RequestMetrics AppNames(const RequestMetrics& base, const deploy::spec::MonitoringMetrics& m) {
  RequestMetrics out = base;
  out.requests_total = Or(m.requests_total, base.requests_total);
  out.duration_bucket = Or(m.duration_bucket, base.duration_bucket);
  out.duration_unit = Or(m.duration_unit, base.duration_unit);
  out.status_label = Or(m.status_label, base.status_label);
  out.service_label = Or(m.service_label, base.service_label);
  out.namespace_label = Or(m.namespace_label, base.namespace_label);
  out.error_regex = Or(m.error_regex, base.error_regex);
  return out;
}

std::vector<std::string> ServicesOf(const AppSpec& spec) {
  std::vector<std::string> out;
  for (const auto& c : spec.components) {
    if (c.kind == deploy::spec::ComponentKind::kService) out.push_back(c.name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The parts of a project's latest spec that monitoring uses.
struct SpecFacts {
  std::vector<std::string> services;
  MonitoringSpec monitoring;
};

std::map<std::string, SpecFacts> ParseSpecs(const std::vector<deploy::spec::SpecVersion>& specs) {
  std::map<std::string, SpecFacts> out;
  for (const auto& v : specs) {
    auto spec = deploy::spec::ParseAppSpec(v.yaml, nullptr);
    if (!spec.ok()) continue;  // validated when pushed; a parser grown stricter since: no facts
    out[v.project_id] = {ServicesOf(*spec), spec->monitoring};
  }
  return out;
}

// cluster -> namespaces of one project.
using Placement = std::map<std::string, std::set<std::string>>;

struct Indexes {
  std::map<std::string, const deploy::platform::Cluster*> clusters;
  std::map<std::string, std::set<std::string>> targets;  // project id -> clusters
  std::map<std::string, Placement> deployed;             // project id -> placement
  std::map<std::string, SpecFacts> specs;
};

Indexes Index(const TargetInputs& in) {
  Indexes x;
  for (const auto& c : in.clusters) x.clusters[c.name] = &c;
  for (const auto& [project, cluster] : in.targets) x.targets[project].insert(cluster);
  for (const auto& d : in.deployed) x.deployed[d.project_id][d.cluster].insert(d.namespace_name);
  x.specs = ParseSpecs(in.specs);
  return x;
}

Placement PlacementOf(const catalog::Project& p, const Indexes& x) {
  Placement out;
  if (auto it = x.deployed.find(p.id); it != x.deployed.end()) out = it->second;
  if (auto it = x.targets.find(p.id); it != x.targets.end()) {
    for (const auto& c : it->second) out[c];
  }
  for (const auto& claim : p.namespaces) {
    if (!claim.cluster.empty()) out[claim.cluster].insert(claim.ns);
  }
  for (auto& [cluster, namespaces] : out) {
    for (const auto& claim : p.namespaces) {
      if (claim.cluster.empty()) namespaces.insert(claim.ns);
    }
    if (namespaces.empty()) namespaces.insert(p.slug);
  }
  return out;
}

void AddTargets(const catalog::Project& p, const Indexes& x, const MonitoringConfig& config,
                std::vector<Target>& out) {
  static const SpecFacts kNoSpec;
  auto spec_it = x.specs.find(p.id);
  const SpecFacts& facts = spec_it == x.specs.end() ? kNoSpec : spec_it->second;
  MetricSource metrics = ResolveMetrics(config, facts.monitoring);
  Slo slo = ResolveSlo(config, facts.monitoring);
  for (const auto& [cluster, namespaces] : PlacementOf(p, x)) {
    auto c = x.clusters.find(cluster);
    for (const auto& ns : namespaces) {
      Target t{.project = p.slug,
               .team = p.owner_team,
               .cluster = cluster,
               .runtime = c == x.clusters.end() ? "" : c->second->runtime,
               .environment = c == x.clusters.end() ? "" : c->second->environment,
               .ns = ns,
               .services = facts.services,
               .metrics = metrics,
               .slo = slo};
      out.push_back(std::move(t));
    }
  }
}

absl::StatusOr<std::vector<catalog::Project>> AllProjects(store::Store& store) {
  catalog::ProjectStore projects(&store, SystemClock::Get());
  std::vector<catalog::Project> out;
  catalog::ProjectQuery q{.limit = kProjectPage};
  while (true) {
    ASSIGN_OR_RETURN(auto page, projects.List(q));
    for (auto& p : page) out.push_back(std::move(p));
    if (static_cast<int>(page.size()) < kProjectPage) return out;
    q.after_slug = out.back().slug;
  }
}

}  // namespace

MetricSource ResolveMetrics(const MonitoringConfig& config, const MonitoringSpec& m) {
  MetricSource out{.source = Or(m.metrics.source, config.source),
                   .requests = config.istio,
                   .saturation = config.saturation,
                   .cluster_label = config.cluster_label};
  if (out.source == "app") out.requests = AppNames(config.app, m.metrics);
  return out;
}

Slo ResolveSlo(const MonitoringConfig& config, const MonitoringSpec& m) {
  Slo out = config.slo;
  if (m.slo.availability) out.availability = *m.slo.availability;
  if (m.slo.latency_percent) out.latency_percent = *m.slo.latency_percent;
  if (m.slo.latency_ms) out.latency_ms = *m.slo.latency_ms;
  return out;
}

std::vector<Target> BuildTargets(const TargetInputs& inputs, const MonitoringConfig& config) {
  Indexes x = Index(inputs);
  std::vector<Target> out;
  for (const auto& p : inputs.projects) AddTargets(p, x, config, out);
  std::sort(out.begin(), out.end(), [](const Target& a, const Target& b) {
    return std::tie(a.project, a.cluster, a.ns) < std::tie(b.project, b.cluster, b.ns);
  });
  return out;
}

absl::StatusOr<std::vector<Target>> TargetsOf(store::Store& store, const MonitoringConfig& config,
                                              const std::string& project_slug) {
  catalog::ProjectStore projects(&store, SystemClock::Get());
  ASSIGN_OR_RETURN(auto project, projects.FindBySlug(project_slug));
  if (!project) return absl::NotFoundError("no project " + project_slug);
  TargetInputs in;
  deploy::platform::PlatformStore platform(&store, SystemClock::Get());
  ASSIGN_OR_RETURN(in.clusters, platform.Clusters());
  ASSIGN_OR_RETURN(auto targets, platform.Targets(project->id));
  for (const auto& c : targets) in.targets.emplace_back(project->id, c.name);
  deploy::rollout::DeploymentStore deployments(&store, SystemClock::Get());
  ASSIGN_OR_RETURN(in.deployed, deployments.DeployedNamespaces(project->id));
  deploy::spec::SpecStore specs(&store, SystemClock::Get());
  auto latest = specs.Get(project->id);
  if (!latest.ok() && !absl::IsNotFound(latest.status())) return latest.status();
  if (latest.ok()) in.specs.push_back(*std::move(latest));
  in.projects.push_back(*std::move(project));
  return BuildTargets(in, config);
}

absl::StatusOr<std::vector<Target>> AllTargets(store::Store& store,
                                               const MonitoringConfig& config) {
  TargetInputs in;
  ASSIGN_OR_RETURN(in.projects, AllProjects(store));
  deploy::platform::PlatformStore platform(&store, SystemClock::Get());
  ASSIGN_OR_RETURN(in.clusters, platform.Clusters());
  ASSIGN_OR_RETURN(in.targets, platform.AllTargets());
  deploy::rollout::DeploymentStore deployments(&store, SystemClock::Get());
  ASSIGN_OR_RETURN(in.deployed, deployments.DeployedNamespaces());
  deploy::spec::SpecStore specs(&store, SystemClock::Get());
  ASSIGN_OR_RETURN(in.specs, specs.LatestOfEach());
  return BuildTargets(in, config);
}

}  // namespace paved::monitoring
