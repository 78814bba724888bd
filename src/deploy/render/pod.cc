// The pod template shared by Deployments and CronJobs: container, security, volumes.
#include <set>

#include "core/status_macros.h"
#include "deploy/render/render_internal.h"
#include "deploy/render/shadowed_env.h"

namespace paved::deploy::render::internal {
namespace {

constexpr char kConfigMountRoot[] = "/etc/paved/config/";

absl::Status Invalid(const std::string& field, const std::string& message) {
  return absl::InvalidArgumentError(field + ": " + message);
}

bool IsService(const spec::Component& c) { return c.kind == spec::ComponentKind::kService; }

absl::StatusOr<std::string> Image(const Context& ctx, const spec::Component& c) {
  auto it = ctx.input.digests.find(c.image);
  if (it == ctx.input.digests.end()) {
    return Invalid(FieldPath(c) + ".image", "no digest for image " + c.image);
  }
  return c.image + "@" + it->second;
}

// The connection variables of the resources the spec names, after the component's own; a name
// the component already sets is an error (the resource's `prefix` resolves it).
absl::Status AddResourceEnv(const Context& ctx, const Plan& plan, json& env) {
  std::set<std::string> taken;
  for (const json& e : env) taken.insert(e["name"].get<std::string>());
  for (size_t i = 0; i < ctx.input.resources.size(); ++i) {
    const ResourceEnvInput& r = ctx.input.resources[i];
    std::vector<json> add;
    for (const auto& [name, value] : r.values) add.push_back({{"name", name}, {"value", value}});
    for (const auto& [name, secret] : r.secrets) {
      add.push_back(
          {{"name", name},
           {"valueFrom", {{"secretKeyRef", {{"name", SecretName(ctx)}, {"key", secret}}}}}});
    }
    for (json& e : add) {
      std::string name = e["name"];
      if (!taken.insert(name).second) {
        return Invalid(
            "resources[" + std::to_string(i) + "]",
            "resource " + r.name + " sets " + name + ", which " + FieldPath(*plan.component) +
                " already has; give the resource a prefix ({name: " + r.name + ", prefix: ...})");
      }
      env.push_back(std::move(e));
    }
  }
  return absl::OkStatus();
}

// Spec env (sorted by name) except what a config set replaces (see shadowed_env.h), then one
// entry per secret from the project's Secret.
absl::StatusOr<json> Env(const Context& ctx, const Plan& plan) {
  const spec::Component& c = *plan.component;
  ConfigData data;
  for (const auto& [set, input] : ctx.input.config) data[set] = input.data;
  json env = json::array();
  for (const auto& [name, value] : plan.resolved.env) {
    if (!ConfigSetProviding(c, name, data).empty()) continue;  // envFrom brings the set's value
    env.push_back({{"name", name}, {"value", value}});
  }
  for (size_t i = 0; i < c.secrets.size(); ++i) {
    std::string name = EnvName(c.secrets[i]);
    if (plan.resolved.env.contains(name)) {
      return Invalid(FieldPath(c) + ".secrets[" + std::to_string(i) + "]",
                     "env var " + name + " is also set in env");
    }
    env.push_back(
        {{"name", name},
         {"valueFrom", {{"secretKeyRef", {{"name", SecretName(ctx)}, {"key", c.secrets[i]}}}}}});
  }
  RETURN_IF_ERROR(AddResourceEnv(ctx, plan, env));
  return env;
}

// Config sets with data come in as env; sets with files are mounted (see Volumes).
json EnvFrom(const Context& ctx, const spec::Component& c) {
  json out = json::array();
  for (const std::string& set : c.config) {
    auto it = ctx.input.config.find(set);
    if (it != ctx.input.config.end() && !it->second.data.empty()) {
      out.push_back({{"configMapRef", {{"name", set}}}});
    }
  }
  return out;
}

bool HasFiles(const Context& ctx, const std::string& set) {
  auto it = ctx.input.config.find(set);
  return it != ctx.input.config.end() && !it->second.files.empty();
}

std::string WritableVolume(size_t i) { return "writable-" + std::to_string(i); }
std::string ConfigVolume(const std::string& set) { return "config-" + set; }

json Volumes(const Context& ctx, const spec::Component& c) {
  json volumes = json::array();
  for (size_t i = 0; i < ctx.standards.writable_paths.size(); ++i) {
    volumes.push_back({{"name", WritableVolume(i)}, {"emptyDir", json::object()}});
  }
  for (const std::string& set : c.config) {
    if (!HasFiles(ctx, set)) continue;
    json items = json::array();
    for (const auto& [file, content] : ctx.input.config.at(set).files) {
      items.push_back({{"key", file}, {"path", file}});
    }
    volumes.push_back({{"name", ConfigVolume(set)},
                       {"configMap", {{"name", ConfigFilesName(set)}, {"items", items}}}});
  }
  return volumes;
}

json VolumeMounts(const Context& ctx, const spec::Component& c) {
  json mounts = json::array();
  for (size_t i = 0; i < ctx.standards.writable_paths.size(); ++i) {
    mounts.push_back({{"name", WritableVolume(i)}, {"mountPath", ctx.standards.writable_paths[i]}});
  }
  for (const std::string& set : c.config) {
    if (!HasFiles(ctx, set)) continue;
    mounts.push_back(
        {{"name", ConfigVolume(set)}, {"mountPath", kConfigMountRoot + set}, {"readOnly", true}});
  }
  return mounts;
}

// httpGet on the health path; nullopt when the component has no health check (or is a job).
absl::StatusOr<std::optional<json>> Probe(const Context& ctx, const spec::Component& c) {
  if (!c.health || c.kind == spec::ComponentKind::kCronJob) return std::nullopt;
  json port;
  if (c.health->port) {
    port = *c.health->port;
  } else if (IsService(c)) {
    port = "http";
  } else {
    return Invalid(FieldPath(c) + ".health.port", "required: the component has no port");
  }
  const Standards& s = ctx.standards;
  return json{{"httpGet", {{"path", c.health->path}, {"port", port}}},
              {"initialDelaySeconds", s.probe_initial_delay_seconds},
              {"periodSeconds", s.probe_period_seconds},
              {"failureThreshold", s.probe_failure_threshold}};
}

json ContainerSecurityContext() {
  return {{"allowPrivilegeEscalation", false},
          {"privileged", false},
          {"readOnlyRootFilesystem", true},
          {"capabilities", {{"drop", {"ALL"}}}}};
}

absl::StatusOr<json> Container(const Context& ctx, const Plan& plan) {
  const spec::Component& c = *plan.component;
  json container = {{"name", c.name},
                    {"resources", plan.resources},
                    {"securityContext", ContainerSecurityContext()}};
  ASSIGN_OR_RETURN(container["image"], Image(ctx, c));
  if (!c.command.empty()) container["command"] = c.command;
  if (!c.args.empty()) container["args"] = c.args;
  if (IsService(c) && c.port) {
    container["ports"] =
        json::array({{{"name", "http"}, {"containerPort", *c.port}, {"protocol", "TCP"}}});
  }
  ASSIGN_OR_RETURN(json env, Env(ctx, plan));
  if (!env.empty()) container["env"] = env;
  if (json from = EnvFrom(ctx, c); !from.empty()) container["envFrom"] = from;
  if (json mounts = VolumeMounts(ctx, c); !mounts.empty()) container["volumeMounts"] = mounts;
  ASSIGN_OR_RETURN(std::optional<json> probe, Probe(ctx, c));
  if (probe) {
    container["livenessProbe"] = *probe;
    container["readinessProbe"] = *probe;
  }
  return container;
}

json PodSecurityContext(const Standards& s) {
  return {{"runAsNonRoot", true},
          {"runAsUser", s.run_as_user},
          {"seccompProfile", {{"type", "RuntimeDefault"}}}};
}

json TopologySpread(const Context& ctx, const std::string& name) {
  json out = json::array();
  for (const char* key : {"topology.kubernetes.io/zone", "kubernetes.io/hostname"}) {
    out.push_back({{"maxSkew", ctx.standards.topology_max_skew},
                   {"topologyKey", key},
                   {"whenUnsatisfiable", ctx.standards.topology_when_unsatisfiable},
                   {"labelSelector", {{"matchLabels", SelectorLabels(ctx, name)}}}});
  }
  return out;
}

json PodAnnotations(const Context& ctx, const spec::Component& c) {
  json annotations = {{kConfigHashAnnotation, ConfigHash(ctx, c)}};
  if (IsService(c) && c.port && ctx.standards.prometheus_scrape) {
    annotations["prometheus.io/scrape"] = "true";
    annotations["prometheus.io/port"] = std::to_string(*c.port);
    annotations["prometheus.io/path"] = ctx.standards.prometheus_path;
  }
  return annotations;
}

}  // namespace

absl::StatusOr<json> PodTemplate(const Context& ctx, const Plan& plan) {
  const spec::Component& c = *plan.component;
  ASSIGN_OR_RETURN(json container, Container(ctx, plan));
  json spec = {{"serviceAccountName", ctx.input.project},
               {"automountServiceAccountToken", false},
               {"securityContext", PodSecurityContext(ctx.standards)},
               {"containers", json::array({container})}};
  if (json volumes = Volumes(ctx, c); !volumes.empty()) spec["volumes"] = volumes;
  json pull = json::array();
  for (const std::string& name : ctx.standards.image_pull_secrets) {
    pull.push_back({{"name", name}});
  }
  if (!pull.empty()) spec["imagePullSecrets"] = pull;
  if (c.kind == spec::ComponentKind::kCronJob) {
    spec["restartPolicy"] = "Never";
  } else {
    spec["topologySpreadConstraints"] = TopologySpread(ctx, c.name);
  }
  return json{
      {"metadata", {{"labels", PodLabels(ctx, c.name)}, {"annotations", PodAnnotations(ctx, c)}}},
      {"spec", spec}};
}

}  // namespace paved::deploy::render::internal
