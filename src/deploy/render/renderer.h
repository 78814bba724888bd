#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "deploy/platform/platform_store.h"
#include "deploy/render/standards.h"
#include "deploy/spec/app_spec.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::render {

// One config set version as the renderer needs it.
struct ConfigInput {
  int64_t version = 0;
  std::map<std::string, std::string> data;
  std::map<std::string, std::string> files;
};

// One secret version. `value` is absent when rendering for display: the Secret object then
// carries the key with an empty value and the annotation paved.dev/redacted: "true".
struct SecretInput {
  int64_t version = 0;
  std::optional<std::string> value;
};

// A resource the spec's `resources:` names, as found in the environment: the variables every
// component gets, plain ones and ones from the project's Secret (env name → secret name, which
// must be in RenderInput::secrets).
struct ResourceEnvInput {
  std::string name;
  std::map<std::string, std::string> values;
  std::map<std::string, std::string> secrets;
};

// Everything a render depends on. Same input → byte-identical output.
struct RenderInput {
  const spec::AppSpec* spec = nullptr;
  int64_t spec_version = 0;
  std::string project;         // slug
  std::string team;            // owner team slug
  std::string namespace_name;  // target namespace in the cluster
  platform::Environment environment;
  platform::Cluster cluster;
  // Image repository (as in the spec) → digest "sha256:<64 hex>". A component whose image has
  // no entry is an InvalidArgument error naming it.
  std::map<std::string, std::string> digests;
  std::map<std::string, ConfigInput> config;   // by set name; every referenced set must exist
  std::map<std::string, SecretInput> secrets;  // by secret name; every referenced one must exist
  std::vector<ResourceEnvInput> resources;     // in the spec's `resources:` order
};

// Renders the Kubernetes objects for one (project, environment, cluster): Namespace,
// ServiceAccount, ConfigMap per config set, one Secret for the project's secrets, and per
// component Deployment (+ Service, Ingress, HorizontalPodAutoscaler, PodDisruptionBudget) or
// CronJob, plus an Istio DestinationRule per service when cluster.mesh == "istio". Objects come
// in a fixed order (kind order above, then name). Errors (InvalidArgument, naming the spec field):
// a missing digest, config set or secret; resources above the standards' ceilings; an override
// the standards do not allow.
absl::StatusOr<std::vector<nlohmann::json>> Render(const RenderInput& input,
                                                   const Standards& standards);

// Multi-document YAML ("---" between objects), keys in a fixed order (apiVersion, kind,
// metadata, spec/data, then the rest alphabetically). Deterministic.
std::string ToYaml(const std::vector<nlohmann::json>& objects);

// "sha256:<hex>" of ToYaml(objects): the release's manifest hash.
std::string ManifestHash(const std::vector<nlohmann::json>& objects);

}  // namespace paved::deploy::render
