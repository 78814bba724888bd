#pragma once

#include "CLI/CLI.hpp"
#include "cli/context.h"

namespace paved::cli {

// `paved monitoring render -p PROJECT -o DIR [--cluster C]`: the project's generated Grafana
// dashboards (DIR/dashboards/<uid>.json) and Prometheus rules (DIR/rules.yaml) from the server's
// API. Joins the `monitoring` group if another command made it.
void AddMonitoringCommand(CLI::App& app, Context& ctx);

}  // namespace paved::cli
