#include "deploy/release/release_builder.h"

#include <set>

#include "core/error.h"
#include "core/status_macros.h"
#include "deploy/platform/known_names.h"
#include "deploy/policy/checker.h"
#include "deploy/policy/exceptions.h"
#include "deploy/render/locality.h"
#include "deploy/render/renderer.h"
#include "deploy/render/shadowed_env.h"
#include "deploy/spec/spec_parser.h"

namespace paved::deploy::release {

const char kPlaceholderDigest[] =
    "sha256:0000000000000000000000000000000000000000000000000000000000000000";

bool IsImageDigest(const std::string& d) {
  if (d.size() != 71 || d.rfind("sha256:", 0) != 0) return false;
  return d.find_first_not_of("0123456789abcdef", 7) == std::string::npos;
}

namespace {

absl::StatusOr<platform::Environment> PickEnvironment(platform::PlatformStore& platform,
                                                      const std::string& name) {
  if (!name.empty()) {
    return platform::RequireEnvironment(platform, name, "env");
  }
  ASSIGN_OR_RETURN(auto all, platform.Environments());
  if (all.empty()) return absl::NotFoundError("no environments are configured");
  return all.front();
}

absl::StatusOr<platform::Cluster> PickCluster(platform::PlatformStore& platform,
                                              const std::string& project_id,
                                              const platform::Environment& env,
                                              const std::string& name) {
  if (!name.empty()) {
    ASSIGN_OR_RETURN(auto cluster, platform::RequireCluster(platform, name, "cluster"));
    if (cluster.environment != env.name) {
      return InvalidField("cluster", "cluster '" + name + "' belongs to environment '" +
                                         cluster.environment + "', not '" + env.name + "'");
    }
    return cluster;
  }
  ASSIGN_OR_RETURN(auto targets, platform.Targets(project_id));
  for (const auto& c : targets) {
    if (c.environment == env.name) return c;
  }
  ASSIGN_OR_RETURN(auto all, platform.Clusters());
  for (const auto& c : all) {
    if (c.environment == env.name) return c;
  }
  return DomainError(absl::StatusCode::kNotFound, "not_found",
                     "environment '" + env.name + "' has no clusters", "cluster");
}

// The namespace the catalog records for this cluster (or for every cluster), else the slug.
std::string NamespaceFor(const catalog::Project& p, const std::string& cluster) {
  std::string any;
  for (const auto& ns : p.namespaces) {
    if (ns.cluster == cluster) return ns.ns;
    if (ns.cluster.empty() && any.empty()) any = ns.ns;
  }
  return any.empty() ? p.slug : any;
}

// OK when every component runs `image` (the artifact's).
absl::Status CheckArtifactImage(const spec::AppSpec& app, const std::string& image,
                                const std::string& digest) {
  for (const auto& c : app.components) {
    if (c.image == image) continue;
    return DomainError(absl::StatusCode::kInvalidArgument, "image_mismatch",
                       "artifact " + digest + " is an image of " + image + ", but component " +
                           c.name + " runs " + c.image +
                           " (the spec's image); push an artifact of " + c.image,
                       "artifact");
  }
  return absl::OkStatus();
}

// `what` ("config set 'x'") has no version in `env`; `create` is the command that writes one.
absl::Status Unresolved(const std::string& what, const std::string& env,
                        const std::string& create) {
  return DomainError(
      absl::StatusCode::kInvalidArgument, "unresolved_reference",
      what + " has no version in environment '" + env + "'; create it with `" + create + "`",
      "spec");
}

absl::Status NoConfigSet(const std::string& project, const std::string& env,
                         const std::string& set) {
  return Unresolved("config set '" + set + "'", env,
                    "paved config set -p " + project + " " + env + " " + set + " KEY=VALUE");
}

absl::Status NoSecret(const std::string& project, const std::string& env, const std::string& name) {
  return Unresolved("secret '" + name + "'", env,
                    "paved secret set -p " + project + " " + env + " " + name + " < FILE");
}

}  // namespace

nlohmann::json ReleaseToJson(const Release& r) {
  nlohmann::json objects = nlohmann::json::array();
  for (const auto& o : r.objects) objects.push_back(o);
  return {{"project", r.project},
          {"environment", r.environment},
          {"cluster", r.cluster},
          {"namespace", r.namespace_name},
          {"spec_version", r.spec_version},
          {"digests", r.digests},
          {"config_versions", r.config_versions},
          {"secret_versions", r.secret_versions},
          {"objects", std::move(objects)},
          {"yaml", r.yaml},
          {"hash", r.hash},
          {"warnings", r.warnings}};
}

absl::StatusOr<Release> ReleaseBuilder::Build(const ReleaseRequest& request) {
  ASSIGN_OR_RETURN(auto found, deps_.projects->FindBySlug(request.project));
  if (!found) return absl::NotFoundError("no project named '" + request.project + "'");
  const catalog::Project& project = *found;
  if (request.digest && !IsImageDigest(*request.digest)) {
    return InvalidField("digest", "digest must be sha256: followed by 64 lowercase hex");
  }
  ASSIGN_OR_RETURN(platform::Environment env,
                   PickEnvironment(*deps_.platform, request.environment));
  ASSIGN_OR_RETURN(platform::Cluster cluster,
                   PickCluster(*deps_.platform, project.id, env, request.cluster));

  auto stored = deps_.specs->Get(project.id, request.spec_version);
  if (absl::IsNotFound(stored.status())) {
    return DomainError(absl::StatusCode::kNotFound, "not_found",
                       request.spec_version
                           ? "no spec version " + std::to_string(*request.spec_version)
                           : "project '" + project.slug + "' has no spec yet",
                       "version");
  }
  RETURN_IF_ERROR(stored.status());
  std::vector<spec::SpecError> errors;
  // Stored versions were valid when pushed; a parser that grew stricter must not hide them.
  ASSIGN_OR_RETURN(spec::AppSpec app, spec::ParseAppSpec(stored->yaml, &errors));
  if (!request.image.empty()) {
    RETURN_IF_ERROR(CheckArtifactImage(app, request.image, request.digest.value_or("")));
  }

  Release out;
  out.project = project.slug;
  out.project_id = project.id;
  out.environment = env.name;
  out.cluster = cluster.name;
  out.namespace_name = NamespaceFor(project, cluster.name);
  RETURN_IF_ERROR(deps_.projects->CheckDeployNamespace(project, cluster.name, out.namespace_name));
  out.spec_version = stored->version;

  render::RenderInput in;
  in.spec = &app;
  in.spec_version = stored->version;
  in.project = project.slug;
  in.team = project.owner_team;
  in.namespace_name = out.namespace_name;
  in.environment = env;
  in.cluster = cluster;
  std::set<std::string> config_sets, secret_names;
  for (const auto& c : app.components) {
    in.digests[c.image] = request.digest.value_or(kPlaceholderDigest);
    config_sets.insert(c.config.begin(), c.config.end());
    secret_names.insert(c.secrets.begin(), c.secrets.end());
  }
  for (const spec::ResourceUse& use : app.resources) {
    if (!deps_.resource_env) {
      return DomainError(absl::StatusCode::kFailedPrecondition, "unresolved_reference",
                         "this server does not know resources", "spec");
    }
    ASSIGN_OR_RETURN(render::ResourceEnvInput resource,
                     deps_.resource_env(project.id, env.name, use));
    for (const auto& [env_name, secret] : resource.secrets) secret_names.insert(secret);
    in.resources.push_back(std::move(resource));
  }
  for (const auto& set : config_sets) {
    std::optional<int64_t> pinned;
    if (auto it = request.config_versions.find(set); it != request.config_versions.end()) {
      pinned = it->second;
    }
    auto v = deps_.config->Get(project.id, env.name, set, pinned);
    if (absl::IsNotFound(v.status())) return NoConfigSet(project.slug, env.name, set);
    RETURN_IF_ERROR(v.status());
    in.config[set] = {v->version, v->content.data, v->content.files};
    out.config_versions[set] = v->version;
  }
  if (!secret_names.empty()) {
    ASSIGN_OR_RETURN(auto latest, deps_.secrets->List(project.id, env.name));
    for (const auto& name : secret_names) {
      auto it = std::find_if(latest.begin(), latest.end(),
                             [&](const SecretVersionInfo& s) { return s.name == name; });
      if (it == latest.end()) return NoSecret(project.slug, env.name, name);
      int64_t version = it->version;
      if (auto pin = request.secret_versions.find(name); pin != request.secret_versions.end()) {
        version = pin->second;
      }
      in.secrets[name] = render::SecretInput{.version = version};
      out.secret_versions[name] = version;
    }
  }
  out.digests = in.digests;

  ASSIGN_OR_RETURN(out.objects, render::Render(in, *deps_.standards));
  std::vector<nlohmann::json> extra;
  if (deps_.extra_objects) {
    ASSIGN_OR_RETURN(extra, deps_.extra_objects(in));
  }
  out.objects.insert(out.objects.end(), extra.begin(), extra.end());
  render::ConfigData data;
  for (const auto& [set, input] : in.config) data[set] = input.data;
  for (const auto& s : render::FindShadowedEnv(app, env.name, cluster.name, data)) {
    out.warnings.push_back(render::DescribeShadowedEnv(s, env.name));
  }
  for (std::string& w : render::LocalityWarnings(app, env.name, cluster)) {
    out.warnings.push_back(std::move(w));
  }
  out.yaml = render::ToYaml(out.objects);
  out.hash = render::ManifestHash(out.objects);
  if (request.reveal_secrets) {
    for (auto& [name, secret] : in.secrets) {
      ASSIGN_OR_RETURN(secret.value,
                       deps_.secrets->Resolve(project.id, env.name, name, secret.version));
    }
    ASSIGN_OR_RETURN(out.apply_objects, render::Render(in, *deps_.standards));
    out.apply_objects.insert(out.apply_objects.end(), extra.begin(), extra.end());
  }
  ASSIGN_OR_RETURN(auto exceptions,
                   deps_.platform->ActiveExceptions(project.id, deps_.clock->NowMs()));
  out.findings = policy::ApplyExceptions(
      policy::CheckObjects(out.objects, env.production ? "production" : env.name, *deps_.policy),
      exceptions, project.slug, deps_.clock->NowMs());
  out.blocking = policy::Blocks(out.findings);
  return out;
}

}  // namespace paved::deploy::release
