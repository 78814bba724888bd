// paved: `paved serve` runs the platform; every other subcommand is the CLI client.
#include "CLI/CLI.hpp"
#include "cli/admin_command.h"
#include "cli/cli.h"
#include "cli/serve_command.h"
#include "http/client.h"

int main(int argc, char** argv) {
  paved::http::ClientOptions options;
  options.user_agent = "paved-cli/" PAVED_VERSION;
  std::unique_ptr<paved::http::Client> http = paved::http::NewCurlClient(options);
  paved::cli::Context ctx(paved::cli::DefaultEnv(*http));
  CLI::App app("Paved: the internal developer platform", "paved");
  app.set_version_flag("--version", "paved " PAVED_VERSION);
  paved::cli::AddServeCommand(app, ctx);
  paved::cli::AddAdminCommand(app, ctx);
  return paved::cli::RunCli(app, ctx, argc, argv);
}
