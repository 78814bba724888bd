#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/projects.h"
#include "core/clock.h"
#include "deploy/platform/platform_store.h"
#include "deploy/policy/finding.h"
#include "deploy/policy/policy_config.h"
#include "deploy/render/renderer.h"
#include "deploy/render/standards.h"
#include "deploy/secrets/config_store.h"
#include "deploy/secrets/secret_store.h"
#include "deploy/spec/spec_store.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::release {

// The digest shown when no artifact is chosen yet: manifests stay valid and pinned.
extern const char kPlaceholderDigest[];

struct ReleaseRequest {
  std::string project;      // slug
  std::string environment;  // empty = the first environment
  std::string cluster;      // empty = the project's first target in the environment, else the
                            // environment's first cluster
  std::optional<int64_t> spec_version;  // empty = latest
  std::optional<std::string> digest;    // applies to every image; empty = placeholder
  // The image the digest is of (a deploy's artifact): every component must run it, else a
  // 422 image_mismatch on "artifact" (a digest of another image would not pull). Empty: unchecked.
  std::string image;
  // Exact versions to pin (a rollback or a resumed rollout); sets/secrets absent here use the
  // latest version.
  std::map<std::string, int64_t> config_versions;
  std::map<std::string, int64_t> secret_versions;
  bool reveal_secrets = false;  // true only for a rollout, never for display
};

// Everything one (project, environment, cluster) rollout would apply, with the exact versions
// it pins, and what the policy says about it.
struct Release {
  std::string project;
  std::string project_id;
  std::string environment;
  std::string cluster;
  std::string namespace_name;
  int64_t spec_version = 0;
  std::map<std::string, std::string> digests;
  std::map<std::string, int64_t> config_versions;
  std::map<std::string, int64_t> secret_versions;
  std::vector<nlohmann::json> objects;  // secret values redacted: safe to show and store
  std::string yaml;                     // of `objects`
  std::string hash;                     // of `objects`: identifies the release
  // The same objects with secret values, only when the request asked to reveal them: what a
  // runtime applies. Never stored, logged or returned.
  std::vector<nlohmann::json> apply_objects;
  std::vector<policy::Finding> findings;  // exceptions applied
  bool blocking = false;
  // Spec env entries a config set replaces (render/shadowed_env.h), described.
  std::vector<std::string> warnings;
};

// Whether `d` is an image digest as Paved accepts it: "sha256:" and 64 lowercase hex digits.
bool IsImageDigest(const std::string& d);

// The manifests answer (docs/deploy.md), without findings.
nlohmann::json ReleaseToJson(const Release& r);

// The connection variables of the project's resource `use.name` in `environment`: InvalidArgument
// when the project has no such resource there, FailedPrecondition when it is not ready; either
// names the field "spec". The server wires it to the resources domain.
using ResourceEnvLookup = std::function<absl::StatusOr<render::ResourceEnvInput>(
    const std::string& project_id, const std::string& environment, const spec::ResourceUse& use)>;

// Objects other domains render beside the app's for one (project, environment, cluster), e.g.
// monitoring's PrometheusRule; appended after the renderer's objects. Deterministic.
using ExtraObjects =
    std::function<absl::StatusOr<std::vector<nlohmann::json>>(const render::RenderInput& input)>;

struct ReleaseDeps {
  catalog::ProjectStore* projects;
  spec::SpecStore* specs;
  platform::PlatformStore* platform;
  ConfigStore* config;
  SecretStore* secrets;
  const render::Standards* standards;
  const policy::PolicyConfig* policy;
  const Clock* clock;
  ResourceEnvLookup resource_env = nullptr;  // unset: a spec naming resources cannot render
  ExtraObjects extra_objects = nullptr;      // unset: the renderer's objects only
};

// Resolves a request to exact versions, renders and checks it. Errors: NotFound for the
// project, environment, cluster or spec (version); InvalidArgument naming the field for a
// cluster outside the environment, a bad digest, or a config set or secret the spec uses that
// has no version in the environment (code unresolved_reference); FailedPrecondition naming
// "namespace" when the project does not hold the namespace it resolves to on the cluster (a
// system namespace, or another project's): nothing may be rendered for, or applied to, it.
class ReleaseBuilder {
 public:
  explicit ReleaseBuilder(ReleaseDeps deps) : deps_(deps) {}

  absl::StatusOr<Release> Build(const ReleaseRequest& request);

 private:
  ReleaseDeps deps_;
};

}  // namespace paved::deploy::release
