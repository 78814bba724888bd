#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "deploy/render/renderer.h"
#include "deploy/render/standards.h"
#include "deploy/spec/app_spec.h"
#include "nlohmann/json.hpp"

// Building blocks of Render(), one file per group of kinds. Not part of the module's API.
namespace paved::deploy::render::internal {

using nlohmann::json;

// What every builder reads.
struct Context {
  const RenderInput& input;
  const Standards& standards;
};

// The component plus its overrides for this (environment, cluster), validated.
struct Plan {
  const spec::Component* component = nullptr;
  spec::ResolvedComponent resolved;
  json resources;  // {"requests":{...},"limits":{...}} with defaults and standards applied
};

constexpr char kManagedBy[] = "paved";
constexpr char kConfigHashAnnotation[] = "paved.dev/config-hash";
constexpr char kRedactedAnnotation[] = "paved.dev/redacted";

// labels.cc
// "services.web" / "workers.consumer" / "cronjobs.cleanup": the spec path of a component.
std::string FieldPath(const spec::Component& c);
// The labels of project-wide objects (Namespace, ServiceAccount, ConfigMap, Secret).
json ProjectLabels(const Context& ctx);
// Every label of an object: app.kubernetes.io/* with `name` as the app name, paved.dev/*, and
// the standards' labels.
json ObjectLabels(const Context& ctx, const std::string& name);
// The labels a selector may use: they never change for the life of the component.
json SelectorLabels(const Context& ctx, const std::string& name);
// Pod template labels: all object labels but the version (a new spec version alone does not
// roll pods).
json PodLabels(const Context& ctx, const std::string& name);
// metadata {name, namespace (when namespaced), labels, annotations (when non-empty)}.
json Metadata(const Context& ctx, const std::string& name, const json& labels,
              bool namespaced = true, const json& annotations = json::object());
// "<project>-secrets".
std::string SecretName(const Context& ctx);
// The ConfigMap that holds a config set's files ("<set>-files"); its keys stay in "<set>".
std::string ConfigFilesName(const std::string& set);
// The Secret key's env var: "db-password" → "DB_PASSWORD".
std::string EnvName(const std::string& secret);

// resources.cc
// Resolves the component and checks it against the standards: overridable fields, quantities,
// ceilings. InvalidArgument naming the spec field.
absl::StatusOr<Plan> MakePlan(const Context& ctx, const spec::Component& c);

// workload.cc
absl::StatusOr<json> RenderDeployment(const Context& ctx, const Plan& plan);
absl::StatusOr<json> RenderCronJob(const Context& ctx, const Plan& plan);

// pod.cc
// The pod template {metadata, spec} of a component.
absl::StatusOr<json> PodTemplate(const Context& ctx, const Plan& plan);

// service.cc
json RenderService(const Context& ctx, const Plan& plan);
json RenderIngress(const Context& ctx, const Plan& plan);  // REQUIRES: component has ingress

// scaling.cc
json RenderHpa(const Context& ctx, const Plan& plan);  // REQUIRES: resolved.autoscale
bool NeedsPdb(const Plan& plan);
json RenderPdb(const Context& ctx, const Plan& plan);

// config.cc
json RenderNamespace(const Context& ctx);
json RenderServiceAccount(const Context& ctx);
// ConfigMaps for the sets the components use, by name. NotFound-style InvalidArgument naming the
// first component field that references a missing set.
absl::StatusOr<std::vector<json>> RenderConfigMaps(const Context& ctx);
// The project's Secret, or null when no component uses a secret.
absl::StatusOr<json> RenderSecret(const Context& ctx);
// A short hash of the config set and secret versions a component uses.
std::string ConfigHash(const Context& ctx, const spec::Component& c);

// mesh.cc
json RenderDestinationRule(const Context& ctx, const Plan& plan);

}  // namespace paved::deploy::render::internal
