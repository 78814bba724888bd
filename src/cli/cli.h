#pragma once

#include "CLI/CLI.hpp"
#include "cli/context.h"
#include "http/client.h"

namespace paved::cli {

// The real outside world: `http`, stdout/stderr, the terminal, $USER, the host name and the
// default credentials file.
CliEnv DefaultEnv(http::Client& http);

// Adds the global options (--server, --token, --json) and the client subcommands to `app`
// (which may already hold others, such as `serve`), parses `argv` and runs the chosen command.
// Returns the exit code: 0 on success, 1 when the command failed (the error is printed on
// stderr), 2 on a usage error.
int RunCli(CLI::App& app, Context& ctx, int argc, const char* const* argv);

}  // namespace paved::cli
