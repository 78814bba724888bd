// `paved monitoring render`: a project's generated Grafana dashboards and Prometheus rules as
// files, from the server's API.
#include <filesystem>
#include <memory>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "core/atomic_file.h"
#include "core/status_macros.h"

namespace paved::cli {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

struct RenderArgs {
  std::string project;
  std::string out_dir;
  std::string cluster;
};

// A dashboard uid as a file name: the server makes them of [a-z0-9-]; anything else is refused.
absl::StatusOr<std::string> DashboardFile(const json& item) {
  std::string uid = Text(item, "uid");
  bool plain = !uid.empty() &&
               uid.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
  if (!plain)
    return absl::InvalidArgumentError(
        "the server sent a dashboard uid that is not "
        "a plain file name: \"" +
        uid + "\"");
  return uid + ".json";
}

absl::Status MakeDir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return absl::UnavailableError(absl::StrCat(dir.string(), ": ", ec.message()));
  return absl::OkStatus();
}

absl::Status Render(Context& ctx, const RenderArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json dashboards,
                   api.Get(ProjectPath(args.project, {"monitoring", "dashboards"})));
  std::string rules_path = ProjectPath(args.project, {"monitoring", "rules"});
  if (!args.cluster.empty()) rules_path = WithQuery(rules_path, {{"cluster", args.cluster}});
  ASSIGN_OR_RETURN(std::string rules, api.GetText(rules_path));
  fs::path dir = fs::path(args.out_dir) / "dashboards";
  RETURN_IF_ERROR(MakeDir(dir));
  int written = 0;
  for (const json& item : dashboards["items"]) {
    if (!args.cluster.empty() && Text(item, "cluster") != args.cluster) continue;
    ASSIGN_OR_RETURN(std::string file, DashboardFile(item));
    RETURN_IF_ERROR(
        WriteFileAtomically((dir / file).string(), item["dashboard"].dump(2) + "\n", 0644));
    ++written;
  }
  fs::path rules_file = fs::path(args.out_dir) / "rules.yaml";
  RETURN_IF_ERROR(WriteFileAtomically(rules_file.string(), rules, 0644));
  ctx.Print({{"dashboards", written}, {"dir", args.out_dir}},
            absl::StrCat(written, " dashboards in ", dir.string(), ", rules in ",
                         rules_file.string(), "\n"));
  return absl::OkStatus();
}

}  // namespace

void AddMonitoringRenderCommand(CLI::App& app, Context& ctx) {
  CLI::App* monitoring = MonitoringGroup(app);
  auto args = std::make_shared<RenderArgs>();
  CLI::App* cmd = monitoring->add_subcommand(
      "render", "Write a project's Grafana dashboards and Prometheus rules to files");
  AddProjectOption(*cmd, args->project);
  cmd->add_option("-o,--out", args->out_dir, "Directory (dashboards/<uid>.json, rules.yaml)")
      ->required();
  cmd->add_option("--cluster", args->cluster, "Only this cluster's dashboards and rules");
  cmd->callback([&ctx, args] { ctx.Finish(Render(ctx, *args)); });
}

}  // namespace paved::cli
