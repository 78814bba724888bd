#pragma once

#include "CLI/CLI.hpp"
#include "cli/context.h"

namespace paved::cli {

// Adds `paved serve`, which runs the platform (server::Serve) and exits with its code.
void AddServeCommand(CLI::App& app, Context& ctx);

}  // namespace paved::cli
