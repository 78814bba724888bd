// The object that turns locality on for a destination, as Paved would render it.
#include "deploy/render/locality.h"
#include "deploy/render/renderer.h"
#include "traffic/advice/advice_internal.h"

namespace paved::traffic::advice::internal {
namespace {

using json = nlohmann::json;

json DestinationRule(const Edge& e) {
  return {{"apiVersion", "networking.istio.io/v1beta1"},
          {"kind", "DestinationRule"},
          {"metadata", {{"name", e.service}, {"namespace", e.service_namespace}}},
          {"spec",
           {{"host", e.service + "." + e.service_namespace + ".svc.cluster.local"},
            {"trafficPolicy", deploy::render::IstioTrafficPolicy(true)}}}};
}

// Only what changes: applied as a merge patch, the Service keeps its ports and selector.
json ServicePatch(const Edge& e, deploy::platform::KubernetesVersion v) {
  json service = {{"apiVersion", "v1"},
                  {"kind", "Service"},
                  {"metadata", {{"name", e.service}, {"namespace", e.service_namespace}}},
                  {"spec", json::object()}};
  deploy::render::ApplyServiceLocality(deploy::render::ServiceLocalityFor(v), &service);
  if (service["spec"].empty()) service.erase("spec");
  return service;
}

}  // namespace

void MakeFixObject(const AdviceInput& in, deploy::platform::KubernetesVersion version,
                   Proposal* p) {
  const Edge& e = in.edge;
  if (in.cluster.mesh == "istio") {
    p->kind = ProposalKind::kDestinationRule;
    p->object = DestinationRule(e);
    p->apply_command = "kubectl apply -f destinationrule.yaml (if " + e.service +
                       " has a DestinationRule already, add this trafficPolicy to it instead: "
                       "Istio uses one DestinationRule per host)";
  } else {
    p->kind = ProposalKind::kServicePatch;
    p->object = ServicePatch(e, version);
    p->apply_command = "kubectl -n " + e.service_namespace + " patch service " + e.service +
                       " --type merge --patch-file service-locality.yaml";
  }
  p->yaml = deploy::render::ToYaml({p->object});
}

std::string AppSpecChange(const AdviceInput& in) {
  if (!in.paved) return "";
  return "# paved.yaml of project " + in.paved->project + "\nservices:\n  " + in.paved->service +
         ":\n    traffic: {locality: true}\n";
}

}  // namespace paved::traffic::advice::internal
