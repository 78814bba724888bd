#include "deploy/render/renderer.h"

#include <algorithm>

#include "core/status_macros.h"
#include "deploy/render/render_internal.h"

namespace paved::deploy::render {
namespace {

using internal::Context;
using internal::json;
using internal::Plan;

int KindRank(const json& obj) {
  static const std::vector<std::string> kOrder = {
      "Namespace",           "ServiceAccount", "ConfigMap",      "Secret",
      "Deployment",          "Service",        "Ingress",        "HorizontalPodAutoscaler",
      "PodDisruptionBudget", "CronJob",        "DestinationRule"};
  auto it = std::find(kOrder.begin(), kOrder.end(), obj["kind"].get<std::string>());
  return static_cast<int>(it - kOrder.begin());
}

void SortObjects(std::vector<json>* objects) {
  std::stable_sort(objects->begin(), objects->end(), [](const json& a, const json& b) {
    int ra = KindRank(a), rb = KindRank(b);
    if (ra != rb) return ra < rb;
    return a["metadata"]["name"].get<std::string>() < b["metadata"]["name"].get<std::string>();
  });
}

// A service's or worker's Deployment and the objects that go with it.
absl::Status RenderLongRunning(const Context& ctx, const Plan& plan, std::vector<json>* out) {
  ASSIGN_OR_RETURN(json deployment, internal::RenderDeployment(ctx, plan));
  out->push_back(std::move(deployment));
  const spec::Component& c = *plan.component;
  if (c.kind == spec::ComponentKind::kService) {
    if (!c.port) {
      return absl::InvalidArgumentError(internal::FieldPath(c) + ".port: required for a service");
    }
    out->push_back(internal::RenderService(ctx, plan));
    if (c.ingress) out->push_back(internal::RenderIngress(ctx, plan));
    if (ctx.input.cluster.mesh == "istio") {
      out->push_back(internal::RenderDestinationRule(ctx, plan));
    }
  }
  if (plan.resolved.autoscale) out->push_back(internal::RenderHpa(ctx, plan));
  if (internal::NeedsPdb(plan)) out->push_back(internal::RenderPdb(ctx, plan));
  return absl::OkStatus();
}

absl::Status RenderComponent(const Context& ctx, const spec::Component& c, std::vector<json>* out) {
  ASSIGN_OR_RETURN(Plan plan, internal::MakePlan(ctx, c));
  if (c.kind != spec::ComponentKind::kCronJob) return RenderLongRunning(ctx, plan, out);
  ASSIGN_OR_RETURN(json cronjob, internal::RenderCronJob(ctx, plan));
  out->push_back(std::move(cronjob));
  return absl::OkStatus();
}

absl::Status RenderProjectObjects(const Context& ctx, std::vector<json>* out) {
  out->push_back(internal::RenderNamespace(ctx));
  out->push_back(internal::RenderServiceAccount(ctx));
  ASSIGN_OR_RETURN(std::vector<json> config_maps, internal::RenderConfigMaps(ctx));
  for (json& cm : config_maps) out->push_back(std::move(cm));
  ASSIGN_OR_RETURN(json secret, internal::RenderSecret(ctx));
  if (!secret.is_null()) out->push_back(std::move(secret));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<nlohmann::json>> Render(const RenderInput& input,
                                                   const Standards& standards) {
  if (input.spec == nullptr) return absl::InvalidArgumentError("spec: no app spec");
  if (input.project.empty() || input.namespace_name.empty()) {
    return absl::InvalidArgumentError("project: project and namespace are required");
  }
  Context ctx{input, standards};
  std::vector<json> objects;
  RETURN_IF_ERROR(RenderProjectObjects(ctx, &objects));
  for (const spec::Component& c : input.spec->components) {
    RETURN_IF_ERROR(RenderComponent(ctx, c, &objects));
  }
  SortObjects(&objects);
  return objects;
}

}  // namespace paved::deploy::render
