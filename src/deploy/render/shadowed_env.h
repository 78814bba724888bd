#pragma once

#include <map>
#include <string>
#include <vector>

#include "deploy/spec/app_spec.h"

namespace paved::deploy::render {

// Precedence of a component's environment variables: a key of one of its config sets replaces a
// spec `env:` entry of the same name (the spec holds defaults; `paved config set` changes a
// value per environment without a push). Among config sets the later one in `config:` wins, as
// with envFrom. Secrets may not share a name with a spec env entry (a render error).

// Config set data by set name: what an environment's latest (or pinned) versions hold.
using ConfigData = std::map<std::string, std::map<std::string, std::string>>;

// One spec env entry that a config set replaces in (environment, cluster).
struct ShadowedEnv {
  std::string component;
  std::string field;  // e.g. services.web.env.LOG_LEVEL
  std::string key;
  std::string set;  // the config set whose value is used
};

// Every spec env entry of `app` (overrides for the environment and cluster applied) that a key
// of the component's config sets in `data` replaces, by component then key.
std::vector<ShadowedEnv> FindShadowedEnv(const spec::AppSpec& app, const std::string& environment,
                                         const std::string& cluster, const ConfigData& data);

// "services.web.env.LOG_LEVEL: config set app-config in alpha sets LOG_LEVEL, which replaces
// the spec's value"
std::string DescribeShadowedEnv(const ShadowedEnv& s, const std::string& environment);

// The set whose value a component's `key` takes, or "" when none of its sets has it.
std::string ConfigSetProviding(const spec::Component& c, const std::string& key,
                               const ConfigData& data);

}  // namespace paved::deploy::render
