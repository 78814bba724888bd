#pragma once

#include "CLI/CLI.hpp"
#include "cli/context.h"

namespace paved::cli {

// `paved clusters list|set`: the platform's clusters, their mesh, zones and Kubernetes version.
void AddClustersCommand(CLI::App& app, Context& ctx);

}  // namespace paved::cli
