#include "deploy/release/shadow_warnings.h"

#include <set>

#include "core/status_macros.h"
#include "deploy/render/shadowed_env.h"
#include "deploy/spec/spec_parser.h"

namespace paved::deploy::release {
namespace {

// Each description once: a key shadowed on several clusters of an environment is one warning.
void AddShadowed(const spec::AppSpec& app, const std::string& environment,
                 const render::ConfigData& data, std::vector<std::string>* out) {
  for (const auto& s : render::FindShadowedEnv(app, environment, "", data)) {
    std::string line = render::DescribeShadowedEnv(s, environment);
    if (std::find(out->begin(), out->end(), line) == out->end()) out->push_back(line);
  }
}

}  // namespace

absl::StatusOr<std::vector<std::string>> SpecPushWarnings(platform::PlatformStore& platform,
                                                          ConfigStore& config,
                                                          const std::string& project_id,
                                                          const spec::AppSpec& app) {
  std::set<std::string> sets;
  for (const auto& c : app.components) sets.insert(c.config.begin(), c.config.end());
  std::vector<std::string> out;
  if (sets.empty()) return out;
  ASSIGN_OR_RETURN(auto environments, platform.Environments());
  for (const auto& env : environments) {
    render::ConfigData data;
    for (const std::string& set : sets) {
      auto v = config.Get(project_id, env.name, set);
      if (absl::IsNotFound(v.status())) continue;
      RETURN_IF_ERROR(v.status());
      data[set] = v->content.data;
    }
    AddShadowed(app, env.name, data, &out);
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> ConfigWriteWarnings(
    spec::SpecStore& specs, const std::string& project_id, const std::string& environment,
    const std::string& set, const std::map<std::string, std::string>& data) {
  std::vector<std::string> out;
  auto stored = specs.Get(project_id, std::nullopt);
  if (absl::IsNotFound(stored.status())) return out;
  RETURN_IF_ERROR(stored.status());
  auto app = spec::ParseAppSpec(stored->yaml, nullptr);
  if (!app.ok()) return out;  // stored versions parse; a stricter parser must not fail a write
  AddShadowed(*app, environment, {{set, data}}, &out);
  return out;
}

}  // namespace paved::deploy::release
