#pragma once

#include <map>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace paved::deploy::rollout {

// Each workload's complete environment by component name (label app.kubernetes.io/name), read
// from rendered objects WITH secret values: literal `env` values, `valueFrom` config map and
// secret keys, and `envFrom` config maps and secrets. What the local runtime sets for a process.
std::map<std::string, std::map<std::string, std::string>> ComponentEnv(
    const std::vector<nlohmann::json>& objects);

}  // namespace paved::deploy::rollout
