// HorizontalPodAutoscalers and PodDisruptionBudgets.
#include "deploy/render/render_internal.h"

namespace paved::deploy::render::internal {

json RenderHpa(const Context& ctx, const Plan& plan) {
  const std::string& name = plan.component->name;
  const spec::Autoscale& a = *plan.resolved.autoscale;
  json metric = {
      {"type", "Resource"},
      {"resource",
       {{"name", "cpu"}, {"target", {{"type", "Utilization"}, {"averageUtilization", a.cpu}}}}}};
  return {{"apiVersion", "autoscaling/v2"},
          {"kind", "HorizontalPodAutoscaler"},
          {"metadata", Metadata(ctx, name, ObjectLabels(ctx, name))},
          {"spec",
           {{"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", name}}},
            {"minReplicas", a.min},
            {"maxReplicas", a.max},
            {"metrics", json::array({metric})}}}};
}

bool NeedsPdb(const Plan& plan) {
  return plan.component->kind != spec::ComponentKind::kCronJob &&
         (plan.resolved.replicas >= 2 || plan.resolved.autoscale.has_value());
}

json RenderPdb(const Context& ctx, const Plan& plan) {
  const std::string& name = plan.component->name;
  return {{"apiVersion", "policy/v1"},
          {"kind", "PodDisruptionBudget"},
          {"metadata", Metadata(ctx, name, ObjectLabels(ctx, name))},
          {"spec",
           {{"minAvailable", std::to_string(ctx.standards.pdb_min_available_percent) + "%"},
            {"selector", {{"matchLabels", SelectorLabels(ctx, name)}}}}}};
}

}  // namespace paved::deploy::render::internal
