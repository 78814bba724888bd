#pragma once

#include <initializer_list>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cli/context.h"
#include "nlohmann/json.hpp"

namespace paved::cli {

// Each adds one group of client subcommands to `app`. A subcommand's callback runs the command
// and records its outcome with ctx.Finish().
void AddAuthCommands(CLI::App& app, Context& ctx);  // login, logout, whoami
void AddTeamsCommand(CLI::App& app, Context& ctx);
void AddProjectsCommand(CLI::App& app, Context& ctx);
void AddTokensCommand(CLI::App& app, Context& ctx);
void AddCatalogCommand(CLI::App& app, Context& ctx);   // import, export, sync, orphans, owner
void AddSpecCommand(CLI::App& app, Context& ctx);      // spec push, show, diff, versions
void AddRenderCommand(CLI::App& app, Context& ctx);    // render (the manifests as YAML)
void AddPolicyCommand(CLI::App& app, Context& ctx);    // policy check, show
void AddConfigCommand(CLI::App& app, Context& ctx);    // config set, get, history
void AddSecretCommand(CLI::App& app, Context& ctx);    // secret set, list, history
void AddArtifactCommand(CLI::App& app, Context& ctx);  // artifact push
void AddDeployCommand(CLI::App& app, Context& ctx);    // deploy (optionally --wait)
// deployments list, show, approve, reject, cancel, rollback, diff
void AddDeploymentsCommand(CLI::App& app, Context& ctx);
void AddApprovalsCommand(CLI::App& app, Context& ctx);  // approvals (the caller's inbox)
// alerts list, show, ack, silence, unsilence, history
void AddAlertsCommand(CLI::App& app, Context& ctx);
// resources create, list, show, delete, protect
void AddResourcesCommand(CLI::App& app, Context& ctx);
// budgets list, request, approve, reject
void AddBudgetsCommand(CLI::App& app, Context& ctx);
// incidents open, list, show, action, why, lesson, export
void AddIncidentsCommand(CLI::App& app, Context& ctx);

void AddUsersCommand(CLI::App& app, Context& ctx);    // users create, list, set-role
void AddTargetsCommand(CLI::App& app, Context& ctx);  // targets get, set
// clusters list, set: the platform's clusters, their mesh, zones and Kubernetes version
void AddClustersCommand(CLI::App& app, Context& ctx);
// status (what runs where), logs (of one instance, -f follows), timeline
void AddWorkloadCommands(CLI::App& app, Context& ctx);
void AddMetricsCommand(CLI::App& app, Context& ctx);  // metrics deployments
void AddCostCommand(CLI::App& app, Context& ctx);     // cost import, show, imports, unowned
void AddTrafficCommand(CLI::App& app, Context& ctx);  // traffic analyze (local, no server)
// traffic upload, show, analyses (joins the `traffic` group if another command made it)
void AddTrafficApiCommands(CLI::App& app, Context& ctx);

// monitoring rules (joins the `monitoring` group if another command made it; MonitoringGroup
// finds or makes it)
void AddMonitoringCommand(CLI::App& app, Context& ctx);
CLI::App* MonitoringGroup(CLI::App& app);
// monitoring render -p PROJECT -o DIR [--cluster C]: the project's generated Grafana dashboards
// (DIR/dashboards/<uid>.json) and Prometheus rules (DIR/rules.yaml) from the server's API.
void AddMonitoringRenderCommand(CLI::App& app, Context& ctx);

// Adds the required `-p/--project SLUG` option (env PAVED_PROJECT) to a project subcommand.
void AddProjectOption(CLI::App& command, std::string& project);

// Adds `-p/--project SLUG` (env PAVED_PROJECT) as an optional option: for commands whose
// argument (e.g. a deployment id) already names the project.
void AddOptionalProjectOption(CLI::App& command, std::string& project);

// "/projects/SLUG/SEGMENT/..." with the slug and every segment URL-encoded.
std::string ProjectPath(const std::string& slug, std::initializer_list<std::string> segments = {});

// The value of `key` in `object` as display text: strings as they are, numbers and booleans
// printed, string arrays joined with ",", anything else (or absent) "".
std::string Text(const nlohmann::json& object, const char* key);

// A point in time as the API takes it (RFC 3339, UTC): `text` is either an RFC 3339 time (kept
// as given) or an age before `now` such as "45s", "30m", "1h", "2d" or "1w". "" stays "".
// InvalidArgument naming `flag` otherwise.
absl::StatusOr<std::string> ResolveTime(const std::string& flag, const std::string& text,
                                        absl::Time now);

// Adds --limit and --cursor to a list subcommand.
struct ListArgs {
  size_t limit = 100;
  std::string cursor;
};
void AddListOptions(CLI::App& command, ListArgs& args);

// Prints a list answer ({"items":[...]} with "next_cursor" when paged): the JSON with --json,
// else `table`; tells on stderr where to continue when there are more items, or that there are
// none.
void PrintList(Context& ctx, const nlohmann::json& list, const std::string& table,
               const std::string& noun);

}  // namespace paved::cli
