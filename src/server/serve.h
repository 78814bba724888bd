#pragma once

#include <optional>
#include <string>

namespace paved::server {

// `paved serve` flags; unset ones fall back to env PAVED_*, then the YAML config file, then
// built-in defaults (see core/config.h).
struct ServeFlags {
  std::optional<std::string> listen, data_dir, store, config, web_dir;
};

// Runs the platform until SIGTERM/SIGINT, then shuts down gracefully. Returns the exit code.
int Serve(const ServeFlags& flags);

}  // namespace paved::server
