#pragma once

// Test-only: the CLI as the tests run it — captured output, a fixed clock, no stored credentials.

#include <sstream>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "cli/cli.h"

namespace paved::cli::testing {

inline const absl::Time kTestNow = absl::FromUnixSeconds(1795521600);  // 2026-11-24T12:00:00Z

// An environment that talks to `http`, writes to `out` and `err` (emptied first), reads no stored
// credentials and lives at kTestNow. Tests change what they need before RunPaved.
inline CliEnv TestEnv(http::Client* http, std::ostringstream* out, std::ostringstream* err) {
  out->str("");
  err->str("");
  CliEnv env;
  env.http = http;
  env.out = out;
  env.err = err;
  env.credentials_path = []() -> absl::StatusOr<std::string> {
    return std::string("/nonexistent/paved/config.json");
  };
  env.now = [] { return kTestNow; };
  env.sleep = [](absl::Duration) {};
  return env;
}

// Runs `paved args...` in `env`; returns its exit code.
inline int RunPaved(CliEnv env, std::vector<std::string> args) {
  Context ctx(std::move(env));
  CLI::App app("paved", "paved");
  args.insert(args.begin(), "paved");
  std::vector<const char*> argv;
  for (const auto& arg : args) argv.push_back(arg.c_str());
  return RunCli(app, ctx, static_cast<int>(argv.size()), argv.data());
}

}  // namespace paved::cli::testing
