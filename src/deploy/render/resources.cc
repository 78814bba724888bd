// Resolution of a component for one (environment, cluster) and its checks against the standards.
#include "core/status_macros.h"
#include "deploy/policy/quantity.h"
#include "deploy/render/render_internal.h"

namespace paved::deploy::render::internal {
namespace {

absl::Status Invalid(const std::string& field, const std::string& message) {
  return absl::InvalidArgumentError(field + ": " + message);
}

absl::Status CheckAllowed(const Standards& s, bool set, const std::string& what,
                          const std::string& field) {
  if (!set || s.Overridable(what)) return absl::OkStatus();
  return Invalid(
      field, "the platform standards do not allow setting " + what + " (standards.overridable)");
}

absl::Status CheckOverrides(const Standards& s, const std::string& base,
                            const std::map<std::string, spec::Overrides>& overrides) {
  for (const auto& [name, o] : overrides) {
    std::string path = base + "." + name;
    RETURN_IF_ERROR(CheckAllowed(s, o.replicas.has_value(), "replicas", path + ".replicas"));
    RETURN_IF_ERROR(CheckAllowed(s, o.resources.has_value(), "resources", path + ".resources"));
    RETURN_IF_ERROR(CheckAllowed(s, o.autoscale.has_value(), "autoscale", path + ".autoscale"));
    RETURN_IF_ERROR(CheckAllowed(s, !o.env.empty(), "env", path + ".env"));
  }
  return absl::OkStatus();
}

// Every field the component sets must be one the standards let a spec change.
absl::Status CheckOverridable(const Standards& s, const spec::Component& c) {
  std::string path = FieldPath(c);
  RETURN_IF_ERROR(
      CheckAllowed(s, c.replicas || !c.replicas_by_env.empty(), "replicas", path + ".replicas"));
  RETURN_IF_ERROR(CheckAllowed(s, c.resources.has_value(), "resources", path + ".resources"));
  RETURN_IF_ERROR(CheckAllowed(s, c.autoscale.has_value(), "autoscale", path + ".autoscale"));
  RETURN_IF_ERROR(CheckAllowed(s, !c.env.empty(), "env", path + ".env"));
  RETURN_IF_ERROR(
      CheckAllowed(s, c.health && !c.health->path.empty(), "probes.path", path + ".health.path"));
  RETURN_IF_ERROR(CheckOverrides(s, path + ".environments", c.environments));
  return CheckOverrides(s, path + ".clusters", c.clusters);
}

// The value of one Resources field (member `m`) in `o`, when that override sets it.
bool Sets(const std::map<std::string, spec::Overrides>& all, const std::string& key,
          std::string spec::Resources::*m) {
  auto it = all.find(key);
  return it != all.end() && it->second.resources && !(*it->second.resources.*m).empty();
}

// The spec field a resolved resource value came from (overrides win in Resolve's order).
std::string SourceField(const Context& ctx, const spec::Component& c,
                        std::string spec::Resources::*m, const std::string& name) {
  std::string path = FieldPath(c);
  if (Sets(c.clusters, ctx.input.cluster.name, m)) {
    return path + ".clusters." + ctx.input.cluster.name + ".resources." + name;
  }
  if (Sets(c.environments, ctx.input.environment.name, m)) {
    return path + ".environments." + ctx.input.environment.name + ".resources." + name;
  }
  if (c.resources && !(*c.resources.*m).empty()) return path + ".resources." + name;
  return "standards.resources.defaults." + name;
}

struct Quantity {
  std::string text;
  double value = 0;
  std::string field;
};

absl::StatusOr<Quantity> Parse(const std::string& text, const std::string& field) {
  auto q = policy::ParseQuantity(text);
  if (!q.ok()) return Invalid(field, std::string(q.status().message()));
  if (*q <= 0) return Invalid(field, "'" + text + "' must be positive");
  return Quantity{text, *q, field};
}

absl::Status CheckCeiling(const Quantity& q, const std::string& ceiling, const char* what) {
  ASSIGN_OR_RETURN(double max, policy::ParseQuantity(ceiling));
  if (q.value <= max + 1e-9) return absl::OkStatus();
  return Invalid(q.field,
                 std::string(what) + " " + q.text + " is above the platform ceiling of " + ceiling);
}

absl::Status CheckLimit(const Quantity& limit, const Quantity& request) {
  if (limit.value + 1e-9 >= request.value) return absl::OkStatus();
  return Invalid(limit.field, "limit " + limit.text + " is below the request " + request.text);
}

// Resources with defaults filled in and the standards' limit rules applied.
absl::StatusOr<json> ResourcesJson(const Context& ctx, const spec::Component& c,
                                   const spec::Resources& r) {
  const Standards& s = ctx.standards;
  using R = spec::Resources;
  auto field = [&](std::string R::*m, const char* name) { return SourceField(ctx, c, m, name); };
  ASSIGN_OR_RETURN(Quantity cpu,
                   Parse(r.cpu.empty() ? s.default_cpu : r.cpu, field(&R::cpu, "cpu")));
  ASSIGN_OR_RETURN(Quantity memory, Parse(r.memory.empty() ? s.default_memory : r.memory,
                                          field(&R::memory, "memory")));
  RETURN_IF_ERROR(CheckCeiling(cpu, s.ceiling_cpu, "cpu request"));
  RETURN_IF_ERROR(CheckCeiling(memory, s.ceiling_memory, "memory request"));
  json limits = json::object();
  Quantity memory_limit = memory;
  if (!r.memory_limit.empty()) {
    ASSIGN_OR_RETURN(memory_limit, Parse(r.memory_limit, field(&R::memory_limit, "memory_limit")));
    RETURN_IF_ERROR(CheckLimit(memory_limit, memory));
    RETURN_IF_ERROR(CheckCeiling(memory_limit, s.ceiling_memory, "memory limit"));
  }
  limits["memory"] = memory_limit.text;
  if (!r.cpu_limit.empty()) {
    ASSIGN_OR_RETURN(Quantity cpu_limit, Parse(r.cpu_limit, field(&R::cpu_limit, "cpu_limit")));
    RETURN_IF_ERROR(CheckLimit(cpu_limit, cpu));
    RETURN_IF_ERROR(CheckCeiling(cpu_limit, s.ceiling_cpu, "cpu limit"));
    limits["cpu"] = cpu_limit.text;
  } else if (s.cpu_limit_equal_request) {
    limits["cpu"] = cpu.text;
  }
  return json{{"requests", {{"cpu", cpu.text}, {"memory", memory.text}}}, {"limits", limits}};
}

absl::Status CheckScaling(const spec::Component& c, const spec::ResolvedComponent& r) {
  std::string path = FieldPath(c);
  if (r.replicas < 0) return Invalid(path + ".replicas", "must not be negative");
  if (!r.autoscale) return absl::OkStatus();
  if (r.autoscale->min < 1) return Invalid(path + ".autoscale.min", "must be at least 1");
  if (r.autoscale->max < r.autoscale->min) {
    return Invalid(path + ".autoscale.max", "must not be below autoscale.min");
  }
  if (r.autoscale->cpu < 1 || r.autoscale->cpu > 100) {
    return Invalid(path + ".autoscale.cpu", "must be a percentage from 1 to 100");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Plan> MakePlan(const Context& ctx, const spec::Component& c) {
  RETURN_IF_ERROR(CheckOverridable(ctx.standards, c));
  Plan plan;
  plan.component = &c;
  plan.resolved = spec::Resolve(c, ctx.input.environment.name, ctx.input.cluster.name);
  RETURN_IF_ERROR(CheckScaling(c, plan.resolved));
  ASSIGN_OR_RETURN(plan.resources, ResourcesJson(ctx, c, plan.resolved.resources));
  return plan;
}

}  // namespace paved::deploy::render::internal
