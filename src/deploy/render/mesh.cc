// Istio: zone-local load balancing with failover, which needs outlier detection to work.
#include "deploy/render/render_internal.h"

namespace paved::deploy::render::internal {

json RenderDestinationRule(const Context& ctx, const Plan& plan) {
  const std::string& name = plan.component->name;
  json outlier = {{"consecutive5xxErrors", 5}, {"interval", "10s"}, {"baseEjectionTime", "30s"}};
  return {{"apiVersion", "networking.istio.io/v1beta1"},
          {"kind", "DestinationRule"},
          {"metadata", Metadata(ctx, name, ObjectLabels(ctx, name))},
          {"spec",
           {{"host", name + "." + ctx.input.namespace_name + ".svc.cluster.local"},
            {"trafficPolicy",
             {{"loadBalancer", {{"localityLbSetting", {{"enabled", true}}}}},
              {"outlierDetection", outlier}}}}}};
}

}  // namespace paved::deploy::render::internal
