#pragma once

#include "CLI/CLI.hpp"
#include "cli/context.h"

namespace paved::cli {

// Adds `paved admin ...`: maintenance run on the server's machine, against its store and files
// (found the way `paved serve` finds them), not over the API.
//   rotate-key   new active secret key, every secret version re-encrypted (see key_rotation.h)
void AddAdminCommand(CLI::App& app, Context& ctx);

}  // namespace paved::cli
