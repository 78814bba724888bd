#include "deploy/render/shadowed_env.h"

#include "deploy/render/render_internal.h"

namespace paved::deploy::render {

std::string ConfigSetProviding(const spec::Component& c, const std::string& key,
                               const ConfigData& data) {
  std::string provider;
  for (const std::string& set : c.config) {
    auto it = data.find(set);
    if (it != data.end() && it->second.count(key)) provider = set;
  }
  return provider;
}

std::vector<ShadowedEnv> FindShadowedEnv(const spec::AppSpec& app, const std::string& environment,
                                         const std::string& cluster, const ConfigData& data) {
  std::vector<ShadowedEnv> out;
  for (const spec::Component& c : app.components) {
    const spec::ResolvedComponent resolved = spec::Resolve(c, environment, cluster);
    for (const auto& [key, value] : resolved.env) {
      std::string set = ConfigSetProviding(c, key, data);
      if (set.empty()) continue;
      out.push_back({.component = c.name,
                     .field = internal::FieldPath(c) + ".env." + key,
                     .key = key,
                     .set = set});
    }
  }
  return out;
}

std::string DescribeShadowedEnv(const ShadowedEnv& s, const std::string& environment) {
  return s.field + ": config set " + s.set + " in " + environment + " sets " + s.key +
         ", which replaces the spec's value";
}

}  // namespace paved::deploy::render
