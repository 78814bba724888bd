// Project-wide objects: Namespace, ServiceAccount, ConfigMaps, the Secret; the config hash.

#include <set>

#include "absl/strings/escaping.h"
#include "core/hashing.h"
#include "deploy/render/render_internal.h"

namespace paved::deploy::render::internal {
namespace {

absl::Status Missing(const spec::Component& c, const char* list, size_t i,
                     const std::string& what) {
  return absl::InvalidArgumentError(FieldPath(c) + "." + list + "[" + std::to_string(i) +
                                    "]: " + what);
}

}  // namespace

json RenderNamespace(const Context& ctx) {
  json labels = ProjectLabels(ctx);
  if (ctx.input.cluster.mesh == "istio") labels["istio-injection"] = "enabled";
  return {{"apiVersion", "v1"},
          {"kind", "Namespace"},
          {"metadata", Metadata(ctx, ctx.input.namespace_name, labels, false)}};
}

json RenderServiceAccount(const Context& ctx) {
  return {{"apiVersion", "v1"},
          {"kind", "ServiceAccount"},
          {"metadata", Metadata(ctx, ctx.input.project, ProjectLabels(ctx))},
          {"automountServiceAccountToken", false}};
}

std::string ConfigFilesName(const std::string& set) { return set + "-files"; }

absl::StatusOr<std::vector<json>> RenderConfigMaps(const Context& ctx) {
  std::set<std::string> used;
  for (const spec::Component& c : ctx.input.spec->components) {
    for (size_t i = 0; i < c.config.size(); ++i) {
      if (!ctx.input.config.contains(c.config[i])) {
        return Missing(c, "config", i, "no config set " + c.config[i]);
      }
      used.insert(c.config[i]);
    }
  }
  // Keys and files go to two ConfigMaps: envFrom would otherwise turn every file into an
  // environment variable as well.
  std::vector<json> out;
  for (const std::string& set : used) {
    const ConfigInput& in = ctx.input.config.at(set);
    if (!in.files.empty() && used.contains(ConfigFilesName(set))) {
      return absl::InvalidArgumentError("config sets " + set + " and " + ConfigFilesName(set) +
                                        ": the files of " + set + " would take the other's name");
    }
    auto config_map = [&](const std::string& name, const json& data) {
      out.push_back({{"apiVersion", "v1"},
                     {"kind", "ConfigMap"},
                     {"metadata", Metadata(ctx, name, ProjectLabels(ctx))},
                     {"data", data}});
    };
    if (!in.data.empty() || in.files.empty()) config_map(set, in.data);
    if (!in.files.empty()) config_map(ConfigFilesName(set), in.files);
  }
  return out;
}

absl::StatusOr<json> RenderSecret(const Context& ctx) {
  std::set<std::string> used;
  for (const spec::Component& c : ctx.input.spec->components) {
    for (size_t i = 0; i < c.secrets.size(); ++i) {
      if (!ctx.input.secrets.contains(c.secrets[i])) {
        return Missing(c, "secrets", i, "no secret " + c.secrets[i]);
      }
      used.insert(c.secrets[i]);
    }
  }
  for (const ResourceEnvInput& r : ctx.input.resources) {
    for (const auto& [env_name, secret] : r.secrets) {
      if (!ctx.input.secrets.contains(secret)) {
        return absl::InvalidArgumentError("resources: no secret " + secret + " for resource " +
                                          r.name);
      }
      used.insert(secret);
    }
  }
  if (used.empty()) return json(nullptr);
  json data = json::object();
  bool redacted = false;
  for (const std::string& name : used) {
    const SecretInput& in = ctx.input.secrets.at(name);
    redacted = redacted || !in.value;
    data[name] = in.value ? absl::Base64Escape(*in.value) : "";
  }
  json annotations = json::object();
  if (redacted) annotations[kRedactedAnnotation] = "true";
  return json{{"apiVersion", "v1"},
              {"kind", "Secret"},
              {"metadata", Metadata(ctx, SecretName(ctx), ProjectLabels(ctx), true, annotations)},
              {"type", "Opaque"},
              {"data", data}};
}

std::string ConfigHash(const Context& ctx, const spec::Component& c) {
  std::string text;
  for (const std::string& set : std::set<std::string>(c.config.begin(), c.config.end())) {
    auto it = ctx.input.config.find(set);
    int64_t version = it == ctx.input.config.end() ? 0 : it->second.version;
    text += "config/" + set + "=" + std::to_string(version) + "\n";
  }
  for (const std::string& name : std::set<std::string>(c.secrets.begin(), c.secrets.end())) {
    auto it = ctx.input.secrets.find(name);
    int64_t version = it == ctx.input.secrets.end() ? 0 : it->second.version;
    text += "secret/" + name + "=" + std::to_string(version) + "\n";
  }
  // A resource's variables change with its secret's version (a new token) or its endpoint.
  for (const ResourceEnvInput& r : ctx.input.resources) {
    for (const auto& [env_name, secret] : r.secrets) {
      auto it = ctx.input.secrets.find(secret);
      text += "resource-secret/" + secret + "=" +
              std::to_string(it == ctx.input.secrets.end() ? 0 : it->second.version) + "\n";
    }
  }
  return Sha256Hex(text).substr(0, 16);
}

}  // namespace paved::deploy::render::internal
