#include "cli/cli.h"

#include <algorithm>
#include <exception>
#include <iostream>

#include "cli/commands.h"
#include "cli/input.h"
#include "cli/suggest.h"
#include "cli/terminal.h"

namespace paved::cli {
namespace {

constexpr int kUsageExitCode = 2;

void AddGlobalOptions(CLI::App& app, GlobalOptions& global) {
  app.add_option("--server", global.server, "Paved server URL, e.g. https://paved.example.com")
      ->envname("PAVED_SERVER");
  app.add_option("--token", global.token, "API token (pvd_...) instead of the stored one")
      ->envname("PAVED_TOKEN");
  app.add_flag("--json", global.json, "Print the server's JSON instead of a table");
}

}  // namespace

CliEnv DefaultEnv(http::Client& http) {
  CliEnv env;
  env.http = &http;
  env.out = &std::cout;
  env.err = &std::cerr;
  env.interactive = StdinIsTerminal();
  env.read_line = ReadStdinLine;
  env.read_stdin = ReadAllStdin;
  env.user = CurrentUser();
  env.hostname = HostName();
  return env;
}

int RunCli(CLI::App& app, Context& ctx, int argc, const char* const* argv) {
  app.fallthrough();  // global options may follow the subcommand
  app.require_subcommand(1);
  AddGlobalOptions(app, ctx.global());
  AddAuthCommands(app, ctx);
  AddTeamsCommand(app, ctx);
  AddProjectsCommand(app, ctx);
  AddTokensCommand(app, ctx);
  AddCatalogCommand(app, ctx);
  AddSpecCommand(app, ctx);
  AddRenderCommand(app, ctx);
  AddPolicyCommand(app, ctx);
  AddConfigCommand(app, ctx);
  AddSecretCommand(app, ctx);
  AddArtifactCommand(app, ctx);
  AddDeployCommand(app, ctx);
  AddDeploymentsCommand(app, ctx);
  AddApprovalsCommand(app, ctx);
  AddAlertsCommand(app, ctx);
  AddResourcesCommand(app, ctx);
  AddBudgetsCommand(app, ctx);
  AddIncidentsCommand(app, ctx);
  AddUsersCommand(app, ctx);
  AddTargetsCommand(app, ctx);
  AddClustersCommand(app, ctx);
  AddWorkloadCommands(app, ctx);
  AddMetricsCommand(app, ctx);
  AddCostCommand(app, ctx);
  AddTrafficCommand(app, ctx);
  AddTrafficApiCommands(app, ctx);
  AddMonitoringCommand(app, ctx);
  AddMonitoringRenderCommand(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() != 0) {
      const std::string mistake =
          SubcommandError(app, std::vector<std::string>(argv + std::min(argc, 1), argv + argc));
      if (!mistake.empty()) {
        ctx.err() << "error: " << mistake << "\n";
        return kUsageExitCode;
      }
    }
    return app.exit(e, ctx.out(), ctx.err()) == 0 ? 0 : kUsageExitCode;
  } catch (const std::exception& e) {  // e.g. a JSON answer of an unexpected shape
    ctx.Finish(absl::InternalError(std::string("unexpected answer from the server: ") + e.what()));
  }
  return ctx.ExitCode();
}

}  // namespace paved::cli
