// `paved monitoring rules` (docs/monitoring.md): a project's Prometheus rule file.
#include <filesystem>
#include <memory>
#include <set>

#include "absl/strings/str_cat.h"
#include "cli/api_client.h"
#include "cli/commands.h"
#include "core/atomic_file.h"
#include "core/status_macros.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

struct RulesArgs {
  std::string project, cluster, dir;
};

std::string RulesPath(const RulesArgs& args, const std::string& cluster) {
  return WithQuery(ProjectPath(args.project, {"monitoring", "rules"}), {{"cluster", cluster}});
}

// The clusters the project's rules cover (from its SLOs), or only `args.cluster`.
absl::StatusOr<std::set<std::string>> Clusters(ApiClient& api, const RulesArgs& args) {
  if (!args.cluster.empty()) return std::set<std::string>{args.cluster};
  ASSIGN_OR_RETURN(json slos, api.Get(ProjectPath(args.project, {"monitoring", "slos"})));
  std::set<std::string> out;
  for (const json& item : slos["items"]) out.insert(Text(item, "cluster"));
  return out;
}

// One file per cluster in `args.dir`: each cluster's Prometheus loads only its own rules.
absl::Status WriteFiles(Context& ctx, ApiClient& api, const RulesArgs& args) {
  ASSIGN_OR_RETURN(std::set<std::string> clusters, Clusters(api, args));
  std::error_code ec;
  std::filesystem::create_directories(args.dir, ec);
  if (ec) return absl::InvalidArgumentError("cannot create " + args.dir + ": " + ec.message());
  json written = json::array();
  std::string human;
  for (const std::string& cluster : clusters) {
    ASSIGN_OR_RETURN(std::string yaml, api.GetText(RulesPath(args, cluster)));
    std::string path =
        (std::filesystem::path(args.dir) / (args.project + "." + cluster + ".rules.yaml")).string();
    RETURN_IF_ERROR(WriteFileAtomically(path, yaml, 0644));
    written.push_back({{"cluster", cluster}, {"file", path}});
    absl::StrAppend(&human, "wrote ", path, "\n");
  }
  if (clusters.empty()) human = "the project runs nowhere yet: no rules\n";
  ctx.Print({{"files", written}}, human);
  return absl::OkStatus();
}

absl::Status Rules(Context& ctx, const RulesArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  if (!args.dir.empty()) return WriteFiles(ctx, api, args);
  ASSIGN_OR_RETURN(std::string yaml, api.GetText(RulesPath(args, args.cluster)));
  json out = {{"rules", yaml}};
  ASSIGN_OR_RETURN(std::set<std::string> clusters, Clusters(api, args));
  if (clusters.size() > 1) {
    // Without monitoring.cluster_label the clusters' recording rules write the same series:
    // promtool calls that a duplicate and one Prometheus would mix them up.
    out["warnings"] = {absl::StrCat(
        "these rules cover ", clusters.size(),
        " clusters; unless the server sets monitoring.cluster_label, give each cluster's "
        "Prometheus only its own: --cluster NAME or -o DIR (a file per cluster)")};
  }
  ctx.Print(out, yaml);
  return absl::OkStatus();
}

}  // namespace

CLI::App* MonitoringGroup(CLI::App& app) {
  auto found = app.get_subcommands([](CLI::App* sub) { return sub->get_name() == "monitoring"; });
  if (!found.empty()) return found.front();
  CLI::App* group =
      app.add_subcommand("monitoring", "Generated monitoring: SLO rules, alerts, dashboards");
  group->require_subcommand(1);
  return group;
}

void AddMonitoringCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<RulesArgs>();
  CLI::App* cmd = MonitoringGroup(app)->add_subcommand(
      "rules", "The project's Prometheus rules: SLO recordings, burn-rate and capacity alerts");
  AddProjectOption(*cmd, args->project);
  cmd->add_option("--cluster", args->cluster, "Only this cluster's namespaces");
  cmd->add_option("-o,--output-dir", args->dir,
                  "Write <project>.<cluster>.rules.yaml per cluster into this directory");
  cmd->callback([&ctx, args] { ctx.Finish(Rules(ctx, *args)); });
}

}  // namespace paved::cli
