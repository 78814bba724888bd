#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "deploy/platform/platform_store.h"
#include "deploy/secrets/config_store.h"
#include "deploy/spec/app_spec.h"
#include "deploy/spec/spec_store.h"

namespace paved::deploy::release {

// Warnings for spec env entries that a config set replaces (render/shadowed_env.h), said where
// the two meet: at a spec push and at a config write (a render says it in its answer).

// A pushed spec against the latest config sets of every environment.
absl::StatusOr<std::vector<std::string>> SpecPushWarnings(platform::PlatformStore& platform,
                                                          ConfigStore& config,
                                                          const std::string& project_id,
                                                          const spec::AppSpec& app);

// A config write (`data` of `set` in `environment`) against the project's latest spec; none
// when the project has no spec yet.
absl::StatusOr<std::vector<std::string>> ConfigWriteWarnings(
    spec::SpecStore& specs, const std::string& project_id, const std::string& environment,
    const std::string& set, const std::map<std::string, std::string>& data);

}  // namespace paved::deploy::release
