// Istio: zone-local load balancing (unless the spec turns it off) with outlier detection.
#include "deploy/render/locality.h"
#include "deploy/render/render_internal.h"

namespace paved::deploy::render::internal {

json RenderDestinationRule(const Context& ctx, const Plan& plan) {
  const std::string& name = plan.component->name;
  return {
      {"apiVersion", "networking.istio.io/v1beta1"},
      {"kind", "DestinationRule"},
      {"metadata", Metadata(ctx, name, ObjectLabels(ctx, name))},
      {"spec",
       {{"host", name + "." + ctx.input.namespace_name + ".svc.cluster.local"},
        {"trafficPolicy", IstioTrafficPolicy(LocalityOn(*plan.component, ctx.input.cluster))}}}};
}

}  // namespace paved::deploy::render::internal
