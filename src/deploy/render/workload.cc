// Deployments (services, workers) and CronJobs.
#include "core/status_macros.h"
#include "deploy/render/render_internal.h"

namespace paved::deploy::render::internal {

absl::StatusOr<json> RenderDeployment(const Context& ctx, const Plan& plan) {
  const spec::Component& c = *plan.component;
  ASSIGN_OR_RETURN(json pod, PodTemplate(ctx, plan));
  json spec = {{"selector", {{"matchLabels", SelectorLabels(ctx, c.name)}}}, {"template", pod}};
  // With an autoscaler the HPA owns spec.replicas: setting it too would reset the scale on
  // every apply (and make GitOps tools report drift).
  if (!plan.resolved.autoscale.has_value()) spec["replicas"] = plan.resolved.replicas;
  return json{{"apiVersion", "apps/v1"},
              {"kind", "Deployment"},
              {"metadata", Metadata(ctx, c.name, ObjectLabels(ctx, c.name))},
              {"spec", std::move(spec)}};
}

absl::StatusOr<json> RenderCronJob(const Context& ctx, const Plan& plan) {
  const spec::Component& c = *plan.component;
  if (c.schedule.empty()) {
    return absl::InvalidArgumentError(FieldPath(c) + ".schedule: required for a cron job");
  }
  ASSIGN_OR_RETURN(json pod, PodTemplate(ctx, plan));
  return json{{"apiVersion", "batch/v1"},
              {"kind", "CronJob"},
              {"metadata", Metadata(ctx, c.name, ObjectLabels(ctx, c.name))},
              {"spec",
               {{"schedule", c.schedule},
                {"concurrencyPolicy", "Forbid"},
                {"jobTemplate", {{"spec", {{"template", pod}}}}}}}};
}

}  // namespace paved::deploy::render::internal
