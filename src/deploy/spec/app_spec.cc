#include "deploy/spec/app_spec.h"

namespace paved::deploy::spec {

const char* ComponentKindName(ComponentKind k) {
  switch (k) {
    case ComponentKind::kService:
      return "service";
    case ComponentKind::kWorker:
      return "worker";
    case ComponentKind::kCronJob:
      return "cronjob";
  }
  return "service";
}

const Component* AppSpec::Find(const std::string& name) const {
  for (const Component& c : components) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

namespace {

void Apply(const Overrides& o, ResolvedComponent* r) {
  if (o.replicas) r->replicas = *o.replicas;
  if (o.resources) {
    // Only the fields an override names replace the component's.
    const Resources& in = *o.resources;
    if (!in.cpu.empty()) r->resources.cpu = in.cpu;
    if (!in.memory.empty()) r->resources.memory = in.memory;
    if (!in.cpu_limit.empty()) r->resources.cpu_limit = in.cpu_limit;
    if (!in.memory_limit.empty()) r->resources.memory_limit = in.memory_limit;
  }
  if (o.autoscale) r->autoscale = o.autoscale;
  for (const auto& [k, v] : o.env) r->env[k] = v;
}

}  // namespace

ResolvedComponent Resolve(const Component& c, const std::string& environment,
                          const std::string& cluster) {
  ResolvedComponent r;
  r.component = &c;
  if (c.replicas) r.replicas = *c.replicas;
  if (auto it = c.replicas_by_env.find(environment); it != c.replicas_by_env.end()) {
    r.replicas = it->second;
  }
  if (c.resources) r.resources = *c.resources;
  r.autoscale = c.autoscale;
  r.env = c.env;
  if (auto it = c.environments.find(environment); it != c.environments.end()) {
    Apply(it->second, &r);
  }
  if (auto it = c.clusters.find(cluster); it != c.clusters.end()) Apply(it->second, &r);
  // An autoscaled component starts at its minimum; the HPA owns the count from there.
  if (r.autoscale) r.replicas = r.autoscale->min;
  return r;
}

}  // namespace paved::deploy::spec
