// Services and Ingresses: port 80 in the cluster, the container's port named "http".
#include "deploy/render/locality.h"
#include "deploy/render/render_internal.h"

namespace paved::deploy::render::internal {

json RenderService(const Context& ctx, const Plan& plan) {
  const std::string& name = plan.component->name;
  json service = {
      {"apiVersion", "v1"},
      {"kind", "Service"},
      {"metadata", Metadata(ctx, name, ObjectLabels(ctx, name))},
      {"spec",
       {{"type", "ClusterIP"},
        {"selector", SelectorLabels(ctx, name)},
        {"ports",
         json::array(
             {{{"name", "http"}, {"port", 80}, {"targetPort", "http"}, {"protocol", "TCP"}}})}}}};
  // On a mesh the DestinationRule routes by locality (mesh.cc); the sidecars do the balancing.
  const platform::Cluster& cluster = ctx.input.cluster;
  if (cluster.mesh.empty() && LocalityOn(*plan.component, cluster)) {
    auto version = platform::EffectiveKubernetesVersion(cluster.kubernetes_version);
    ApplyServiceLocality(ServiceLocalityFor(version), &service);
  }
  return service;
}

json RenderIngress(const Context& ctx, const Plan& plan) {
  const spec::Component& c = *plan.component;
  json backend = {{"service", {{"name", c.name}, {"port", {{"name", "http"}}}}}};
  json path = {{"path", c.ingress->path.empty() ? "/" : c.ingress->path},
               {"pathType", "Prefix"},
               {"backend", backend}};
  return {
      {"apiVersion", "networking.k8s.io/v1"},
      {"kind", "Ingress"},
      {"metadata", Metadata(ctx, c.name, ObjectLabels(ctx, c.name))},
      {"spec",
       {{"rules",
         json::array({{{"host", c.ingress->host}, {"http", {{"paths", json::array({path})}}}}})}}}};
}

}  // namespace paved::deploy::render::internal
