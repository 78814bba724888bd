// AppSpecToJson: the parsed spec in the shape of paved.yaml.
#include "deploy/spec/app_spec.h"

namespace paved::deploy::spec {
namespace {

using json = nlohmann::json;

const char* SectionOf(ComponentKind k) {
  switch (k) {
    case ComponentKind::kService:
      return "services";
    case ComponentKind::kWorker:
      return "workers";
    case ComponentKind::kCronJob:
      return "cronjobs";
  }
  return "services";
}

json ResourcesToJson(const Resources& r) {
  json out = json::object();
  if (!r.cpu.empty()) out["cpu"] = r.cpu;
  if (!r.memory.empty()) out["memory"] = r.memory;
  if (!r.cpu_limit.empty()) out["cpu_limit"] = r.cpu_limit;
  if (!r.memory_limit.empty()) out["memory_limit"] = r.memory_limit;
  return out;
}

json AutoscaleToJson(const Autoscale& a) {
  return {{"min", a.min}, {"max", a.max}, {"cpu", a.cpu}};
}

json OverridesToJson(const Overrides& o) {
  json out = json::object();
  if (o.replicas) out["replicas"] = *o.replicas;
  if (o.resources) out["resources"] = ResourcesToJson(*o.resources);
  if (o.autoscale) out["autoscale"] = AutoscaleToJson(*o.autoscale);
  if (!o.env.empty()) out["env"] = o.env;
  return out;
}

json OverrideMapToJson(const std::map<std::string, Overrides>& m) {
  json out = json::object();
  for (const auto& [name, o] : m) out[name] = OverridesToJson(o);
  return out;
}

void AddScaling(const Component& c, json& out) {
  if (c.replicas) out["replicas"] = *c.replicas;
  if (!c.replicas_by_env.empty()) out["replicas"] = c.replicas_by_env;
  if (c.resources) out["resources"] = ResourcesToJson(*c.resources);
  if (c.autoscale) out["autoscale"] = AutoscaleToJson(*c.autoscale);
}

json ComponentToJson(const Component& c) {
  json out = {{"image", c.image}};
  if (c.port) out["port"] = *c.port;
  if (!c.command.empty()) out["command"] = c.command;
  if (!c.args.empty()) out["args"] = c.args;
  AddScaling(c, out);
  if (c.health) {
    out["health"] = {{"path", c.health->path}};
    if (c.health->port) out["health"]["port"] = *c.health->port;
  }
  if (!c.env.empty()) out["env"] = c.env;
  if (!c.config.empty()) out["config"] = c.config;
  if (!c.secrets.empty()) out["secrets"] = c.secrets;
  if (c.ingress) out["ingress"] = {{"host", c.ingress->host}, {"path", c.ingress->path}};
  if (c.traffic) {
    out["traffic"] = json::object();
    if (c.traffic->locality) out["traffic"]["locality"] = *c.traffic->locality;
  }
  if (!c.schedule.empty()) out["schedule"] = c.schedule;
  if (!c.environments.empty()) out["environments"] = OverrideMapToJson(c.environments);
  if (!c.clusters.empty()) out["clusters"] = OverrideMapToJson(c.clusters);
  return out;
}

json MetricsToJson(const MonitoringMetrics& m) {
  json out = json::object();
  const std::pair<const char*, const std::string*> fields[] = {
      {"source", &m.source},
      {"requests_total", &m.requests_total},
      {"duration_bucket", &m.duration_bucket},
      {"duration_unit", &m.duration_unit},
      {"status_label", &m.status_label},
      {"service_label", &m.service_label},
      {"namespace_label", &m.namespace_label},
      {"error_regex", &m.error_regex}};
  for (const auto& [key, value] : fields) {
    if (!value->empty()) out[key] = *value;
  }
  return out;
}

// The `monitoring:` section; null when the spec has none.
json MonitoringToJson(const MonitoringSpec& m) {
  json out = json::object();
  if (!m.metrics.source.empty()) out["metrics"] = MetricsToJson(m.metrics);
  json slo = json::object();
  if (m.slo.availability) slo["availability"] = *m.slo.availability;
  if (m.slo.latency_percent && m.slo.latency_ms) {
    slo["latency"] = {{"percent", *m.slo.latency_percent}, {"ms", *m.slo.latency_ms}};
  }
  if (!slo.empty()) out["slo"] = slo;
  return out.empty() ? json() : out;
}

}  // namespace

json AppSpecToJson(const AppSpec& spec) {
  json out = {{"apiVersion", spec.api_version}};
  json local = json::object();
  for (const Component& c : spec.components) {
    out[SectionOf(c.kind)][c.name] = ComponentToJson(c);
    if (!c.local_command.empty()) local[c.name] = {{"command", c.local_command}};
  }
  if (!local.empty()) out["local"] = local;
  if (!spec.resources.empty()) {
    json uses = json::array();
    for (const ResourceUse& u : spec.resources) {
      uses.push_back(u.prefix.empty() ? json(u.name)
                                      : json{{"name", u.name}, {"prefix", u.prefix}});
    }
    out["resources"] = uses;
  }
  if (json m = MonitoringToJson(spec.monitoring); !m.is_null()) out["monitoring"] = m;
  return out;
}

}  // namespace paved::deploy::spec
