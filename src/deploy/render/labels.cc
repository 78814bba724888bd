#include <cctype>

#include "deploy/render/render_internal.h"

namespace paved::deploy::render::internal {

std::string FieldPath(const spec::Component& c) {
  switch (c.kind) {
    case spec::ComponentKind::kService:
      return "services." + c.name;
    case spec::ComponentKind::kWorker:
      return "workers." + c.name;
    case spec::ComponentKind::kCronJob:
      return "cronjobs." + c.name;
  }
  return c.name;
}

json SelectorLabels(const Context& ctx, const std::string& name) {
  return {{"app.kubernetes.io/name", name},
          {"app.kubernetes.io/instance", ctx.input.project + "-" + name}};
}

json PodLabels(const Context& ctx, const std::string& name) {
  json labels = ctx.standards.labels;
  if (!labels.is_object()) labels = json::object();
  labels.update(SelectorLabels(ctx, name));
  labels["app.kubernetes.io/part-of"] = ctx.input.project;
  labels["app.kubernetes.io/managed-by"] = kManagedBy;
  labels["paved.dev/team"] = ctx.input.team;
  labels["paved.dev/project"] = ctx.input.project;
  labels["paved.dev/environment"] = ctx.input.environment.name;
  return labels;
}

json ObjectLabels(const Context& ctx, const std::string& name) {
  json labels = PodLabels(ctx, name);
  labels["app.kubernetes.io/version"] = std::to_string(ctx.input.spec_version);
  return labels;
}

json Metadata(const Context& ctx, const std::string& name, const json& labels, bool namespaced,
              const json& annotations) {
  json meta = {{"name", name}, {"labels", labels}};
  if (namespaced) meta["namespace"] = ctx.input.namespace_name;
  if (!annotations.empty()) meta["annotations"] = annotations;
  return meta;
}

json ProjectLabels(const Context& ctx) {
  json labels = ObjectLabels(ctx, ctx.input.project);
  labels["app.kubernetes.io/instance"] = ctx.input.project;
  return labels;
}

std::string SecretName(const Context& ctx) { return ctx.input.project + "-secrets"; }

std::string EnvName(const std::string& secret) {
  std::string out;
  for (char ch : secret) {
    out += std::isalnum(static_cast<unsigned char>(ch))
               ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch)))
               : '_';
  }
  if (!out.empty() && std::isdigit(static_cast<unsigned char>(out[0]))) out = "_" + out;
  return out;
}

}  // namespace paved::deploy::render::internal
