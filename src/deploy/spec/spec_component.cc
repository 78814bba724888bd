#include "deploy/spec/spec_component.h"

#include <algorithm>
#include <climits>

#include "deploy/spec/spec_checks.h"
#include "deploy/spec/spec_keys.h"

namespace paved::deploy::spec::internal {
namespace {

constexpr int kMaxReplicas = 10000;

bool Allowed(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// The message for a component key that exists but not for this kind.
std::string MisplacedComponentKey(const std::string& key) {
  if (!Allowed(AllComponentKeys(), key)) return "";
  return key + " applies to " + KindsAccepting(key);
}

std::optional<int> Port(Reader& r, const Entry& e) { return r.Int(e.value, e.path, 1, 65535); }

std::optional<std::string> Checked(Reader& r, const Entry* e,
                                   std::string (*check)(const std::string&)) {
  if (!e) return std::nullopt;
  auto s = r.String(e->value, e->path);
  if (!s) return std::nullopt;
  std::string problem = check(*s);
  r.Check(e->value, e->path, problem);
  if (!problem.empty()) return std::nullopt;
  return s;
}

std::optional<Resources> ReadResources(Reader& r, const Entry& e) {
  if (e.value.IsSequence()) {
    r.Error(e.value, e.path,
            "a component's resources are cpu and memory ({cpu: 500m, memory: 512Mi}); to give "
            "every component a Redis or another resource of the project, write resources: "
            "[cache] at the top level");
    return std::nullopt;
  }
  Entries f = r.Keys(e.value, e.path, ResourcesKeys());
  Resources out;
  out.cpu = Checked(r, f.Find("cpu"), CheckCpuQuantity).value_or("");
  out.memory = Checked(r, f.Find("memory"), CheckMemoryQuantity).value_or("");
  out.cpu_limit = Checked(r, f.Find("cpu_limit"), CheckCpuQuantity).value_or("");
  out.memory_limit = Checked(r, f.Find("memory_limit"), CheckMemoryQuantity).value_or("");
  return out;
}

std::optional<Autoscale> ReadAutoscale(Reader& r, const Entry& e) {
  Entries f = r.Keys(e.value, e.path, AutoscaleKeys());
  if (!e.value.IsMap()) return std::nullopt;
  Autoscale out;
  bool ok = true;
  auto read = [&](const char* key, int min, int max, int* into) {
    const Entry* x = f.Find(key);
    if (!x) return;
    auto v = r.Int(x->value, x->path, min, max);
    ok = ok && v.has_value();
    if (v) *into = *v;
  };
  read("min", 1, kMaxReplicas, &out.min);
  read("max", 1, kMaxReplicas, &out.max);
  read("cpu", 1, 100, &out.cpu);
  if (!f.Find("max")) {
    r.Error(e.value, Join(e.path, "max"), "max is required");
    return std::nullopt;
  }
  if (ok && out.min > out.max) {
    r.Error(f.Find("min")->value, Join(e.path, "min"),
            "min (" + std::to_string(out.min) + ") must not exceed max (" +
                std::to_string(out.max) + ")");
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<Health> ReadHealth(Reader& r, const Entry& e) {
  Entries f = r.Keys(e.value, e.path, HealthKeys());
  if (!e.value.IsMap()) return std::nullopt;
  Health out;
  const Entry* path = f.Find("path");
  if (!path) r.Error(e.value, Join(e.path, "path"), "path is required");
  out.path = Checked(r, path, CheckHttpPath).value_or("");
  if (const Entry* p = f.Find("port")) out.port = Port(r, *p);
  return out;
}

std::optional<Ingress> ReadIngress(Reader& r, const Entry& e) {
  Entries f = r.Keys(e.value, e.path, IngressKeys());
  if (!e.value.IsMap()) return std::nullopt;
  Ingress out;
  const Entry* host = f.Find("host");
  if (!host) r.Error(e.value, Join(e.path, "host"), "host is required");
  out.host = Checked(r, host, CheckHost).value_or("");
  if (const Entry* p = f.Find("path")) out.path = Checked(r, p, CheckHttpPath).value_or("/");
  return out;
}

std::optional<Traffic> ReadTraffic(Reader& r, const Entry& e) {
  Entries f = r.Keys(e.value, e.path, TrafficKeys());
  if (!e.value.IsMap()) return std::nullopt;
  Traffic out;
  if (const Entry* x = f.Find("locality")) out.locality = r.Bool(x->value, x->path);
  return out;
}

// `replicas: 2` or `replicas: {alpha: 1, production: 3}`.
void ReadReplicas(Reader& r, const Entry& e, Component* c) {
  if (!e.value.IsMap()) {
    c->replicas = r.Int(e.value, e.path, 0, kMaxReplicas);
    return;
  }
  for (const auto& kv : e.value) {
    std::string env = kv.first.IsScalar() ? kv.first.Scalar() : "";
    std::string path = Join(e.path, env);
    r.Check(kv.first, path, CheckDnsLabel(env));
    r.CheckTarget(kv.first, path, env, false);
    if (c->replicas_by_env.count(env)) r.Error(kv.first, path, "duplicate key");
    if (auto v = r.Int(kv.second, path, 0, kMaxReplicas)) c->replicas_by_env[env] = *v;
  }
}

// A list of names of this project's config sets or secrets.
std::vector<std::string> ReadNames(Reader& r, const Entry& e) {
  auto list = r.StringList(e.value, e.path);
  if (!list) return {};
  std::vector<std::string> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string& name = (*list)[i];
    std::string path = e.path + "[" + std::to_string(i) + "]";
    r.Check(e.value[i], path, CheckDnsLabel(name));
    if (std::find(out.begin(), out.end(), name) != out.end()) {
      r.Error(e.value[i], path, name + " is listed twice");
    }
    out.push_back(name);
  }
  return out;
}

Overrides ReadOverrides(Reader& r, const Entry& e, ComponentKind kind) {
  Overrides out;
  Entries f = r.Keys(e.value, e.path, OverrideKeys(kind), [kind](const std::string& key) {
    if (Allowed(OverrideKeys(ComponentKind::kService), key)) {
      return key + " does not apply to " + ComponentKindName(kind) + "s";
    }
    return std::string();
  });
  if (const Entry* x = f.Find("replicas")) out.replicas = r.Int(x->value, x->path, 0, kMaxReplicas);
  if (const Entry* x = f.Find("resources")) out.resources = ReadResources(r, *x);
  if (const Entry* x = f.Find("autoscale")) out.autoscale = ReadAutoscale(r, *x);
  if (const Entry* x = f.Find("env")) out.env = r.StringMap(x->value, x->path, CheckEnvName);
  return out;
}

// `environments:` or `clusters:` — name → overrides.
std::map<std::string, Overrides> ReadOverrideMap(Reader& r, const Entry& e, ComponentKind kind,
                                                 bool clusters) {
  std::map<std::string, Overrides> out;
  if (!r.ExpectMap(e.value, e.path)) return out;
  for (const auto& kv : e.value) {
    std::string name = kv.first.IsScalar() ? kv.first.Scalar() : "";
    Entry entry{name, kv.first, kv.second, Join(e.path, name)};
    r.Check(kv.first, entry.path, CheckDnsLabel(name));
    r.CheckTarget(kv.first, entry.path, name, clusters);
    if (out.count(name)) r.Error(kv.first, entry.path, "duplicate key");
    out[name] = ReadOverrides(r, entry, kind);
  }
  return out;
}

void ReadField(Reader& r, const Entry& e, Component* c) {
  const std::string& k = e.key;
  if (k == "image") {
    c->image = Checked(r, &e, CheckImage).value_or("");
  } else if (k == "port") {
    c->port = Port(r, e);
  } else if (k == "command" || k == "args") {
    (k == "command" ? c->command : c->args) =
        r.StringList(e.value, e.path).value_or(std::vector<std::string>{});
  } else if (k == "replicas") {
    ReadReplicas(r, e, c);
  } else if (k == "resources") {
    c->resources = ReadResources(r, e);
  } else if (k == "health") {
    c->health = ReadHealth(r, e);
  } else if (k == "env") {
    c->env = r.StringMap(e.value, e.path, CheckEnvName);
  } else if (k == "config" || k == "secrets") {
    (k == "config" ? c->config : c->secrets) = ReadNames(r, e);
  } else if (k == "ingress") {
    c->ingress = ReadIngress(r, e);
  } else if (k == "autoscale") {
    c->autoscale = ReadAutoscale(r, e);
  } else if (k == "traffic") {
    c->traffic = ReadTraffic(r, e);
  } else if (k == "schedule") {
    c->schedule = Checked(r, &e, CheckCronSchedule).value_or("");
  } else if (k == "environments" || k == "clusters") {
    const bool clusters = k == "clusters";
    (clusters ? c->clusters : c->environments) = ReadOverrideMap(r, e, c->kind, clusters);
  }
}

void RequireFields(Reader& r, const Entry& e, const Entries& f, ComponentKind kind) {
  auto require = [&](const char* key) {
    if (!f.Find(key)) r.Error(e.key_node, Join(e.path, key), std::string(key) + " is required");
  };
  require("image");
  if (kind == ComponentKind::kService) require("port");
  if (kind == ComponentKind::kCronJob) require("schedule");
}

}  // namespace

void ReadComponent(Reader& r, const Entry& entry, ComponentKind kind, Component* out) {
  out->name = entry.key;
  out->kind = kind;
  r.Check(entry.key_node, entry.path, CheckDnsLabel(entry.key));
  Entries f = r.Keys(entry.value, entry.path, ComponentKeys(kind), MisplacedComponentKey);
  if (!entry.value.IsMap()) return;
  for (const Entry& e : f.list()) ReadField(r, e, out);
  RequireFields(r, entry, f, kind);
  const Entry* health = f.Find("health");
  if (health && out->health && !out->health->port && !out->port) {
    r.Error(health->value, Join(health->path, "port"),
            "port is required: this component has no port of its own");
  }
}

}  // namespace paved::deploy::spec::internal
