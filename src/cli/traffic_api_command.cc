// `paved traffic upload|show|analyses` (docs/traffic.md): the traffic API's client commands.
#include <filesystem>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "cli/input.h"
#include "cli/table.h"
#include "core/status_macros.h"
#include "http/client.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

// The server refuses larger reports (traffic::edges::kMaxReportUploadBytes).
constexpr size_t kMaxReportBytes = 64u << 20;

struct UploadArgs {
  std::string cluster, file, name;
};

struct ShowArgs {
  std::string team, project, cluster, from, to, group_by = "team";
};

std::string Gb(const json& object, const char* key) {
  return absl::StrFormat("%.2f", object.value(key, int64_t{0}) / 1e9);
}

std::string Percent(const json& object) {
  return absl::StrFormat("%.1f%%", object.value("share", 0.0) * 100);
}

absl::Status Upload(Context& ctx, const UploadArgs& args) {
  ASSIGN_OR_RETURN(std::string text, ReadInput(ctx, args.file, kMaxReportBytes));
  std::string name =
      args.name.empty() ? std::filesystem::path(args.file).filename().string() : args.name;
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  RawBody body{"application/json", std::move(text)};
  ASSIGN_OR_RETURN(
      http::ClientResponse response,
      api.Exchange("POST",
                   WithQuery("/traffic/analyses", {{"cluster", args.cluster}, {"name", name}}),
                   &body, "application/json"));
  if (response.status / 100 != 2) return ErrorFromResponse(response.status, response.body);
  json done = json::parse(response.body, nullptr, false);
  ctx.Print(done, absl::StrCat("stored ", Text(done, "source"), " for cluster ",
                               Text(done, "cluster"), ": days ", Text(done, "first_day"), " to ",
                               Text(done, "last_day"), ", ", Gb(done, "cross_zone_bytes"),
                               " GB across zones of ", Gb(done, "bytes"), " GB\n"));
  return absl::OkStatus();
}

std::string GroupName(const json& group) {
  const json& keys = group["keys"];
  std::string owner = Text(keys, "team").empty() ? "(unowned)" : Text(keys, "team");
  if (keys.contains("src")) {
    return absl::StrCat(Text(keys, "cluster"), ": ", Text(keys, "src"), " -> ", Text(keys, "dst"));
  }
  if (keys.contains("workload"))
    return absl::StrCat(Text(keys, "cluster"), ": ", Text(keys, "workload"));
  if (keys.contains("project")) {
    return Text(keys, "project").empty() ? owner : Text(keys, "project");
  }
  return owner;
}

std::string RenderRanking(const json& view) {
  Table table({"GROUP", "CROSS-ZONE GB", "GB", "SHARE", "COST USD"});
  for (const json& g : view["groups"]) {
    table.AddRow(
        {GroupName(g), Gb(g, "cross_zone_bytes"), Gb(g, "bytes"), Percent(g), Text(g, "cost_usd")});
  }
  const json& total = view["total"];
  return absl::StrCat(table.Render(), "total ", Text(view, "from"), " to ", Text(view, "to"), ": ",
                      Gb(total, "cross_zone_bytes"), " GB across zones (", Percent(total), "), $",
                      Text(total, "cost_usd"), "\n");
}

std::string RenderScope(const json& view) {
  Table edges({"DIRECTION", "CLUSTER", "FROM", "TO", "CROSS-ZONE GB", "COST USD", "PROPOSAL"});
  for (const json& e : view["edges"]) {
    std::string proposal = e["proposal"].is_object() ? Text(e["proposal"], "kind") : "-";
    edges.AddRow({Text(e, "direction"), Text(e, "cluster"), Text(e, "src"), Text(e, "dst"),
                  Gb(e, "cross_zone_bytes"), Text(e, "cost_usd"), proposal});
  }
  const json& sent = view["sent"];
  const json& trend = view["trend"];
  std::string change = trend["change"].is_number()
                           ? absl::StrFormat("%+.0f%%", trend["change"].get<double>() * 100)
                           : "n/a";
  return absl::StrCat(Text(view["scope"], "kind"), " ", Text(view["scope"], "slug"), ", ",
                      Text(view, "from"), " to ", Text(view, "to"), ": sent ", Gb(sent, "bytes"),
                      " GB, ", Percent(sent), " across zones, $", Text(sent, "cost_usd"), " (",
                      change, " against ", Text(trend, "previous_from"), " to ",
                      Text(trend, "previous_to"), "); ", Text(view["month"], "month"), " to date $",
                      Text(view["month"], "cost_usd"), "\n", edges.Render());
}

absl::Status Show(Context& ctx, const ShowArgs& args) {
  if (!args.team.empty() && !args.project.empty()) {
    return absl::InvalidArgumentError("give --team or --project, not both");
  }
  QueryParams window = {{"from", args.from}, {"to", args.to}, {"cluster", args.cluster}};
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  if (args.team.empty() && args.project.empty()) {
    window.push_back({"group_by", args.group_by});
    ASSIGN_OR_RETURN(json view, api.Get(WithQuery("/traffic", window)));
    ctx.Print(view, RenderRanking(view));
    return absl::OkStatus();
  }
  std::string path = args.project.empty() ? "/teams/" + http::UrlEncode(args.team) + "/traffic"
                                          : ProjectPath(args.project, {"traffic"});
  ASSIGN_OR_RETURN(json view, api.Get(WithQuery(path, window)));
  ctx.Print(view, RenderScope(view));
  return absl::OkStatus();
}

absl::Status Analyses(Context& ctx, const std::string& cluster) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json list, api.Get(WithQuery("/traffic/analyses", {{"cluster", cluster}})));
  Table table({"ID", "CLUSTER", "SOURCE", "DAYS", "CROSS-ZONE GB", "GB", "BY"});
  for (const json& a : list["items"]) {
    table.AddRow({Text(a, "id"), Text(a, "cluster"), Text(a, "source"),
                  Text(a, "first_day") + ".." + Text(a, "last_day"), Gb(a, "cross_zone_bytes"),
                  Gb(a, "bytes"), Text(a, "stored_by")});
  }
  ctx.Print(list, table.Render());
  return absl::OkStatus();
}

// The `traffic` group, made here or by the analyser's command, whichever comes first.
CLI::App* TrafficGroup(CLI::App& app) {
  auto found = app.get_subcommands([](CLI::App* sub) { return sub->get_name() == "traffic"; });
  if (!found.empty()) return found.front();
  CLI::App* group =
      app.add_subcommand("traffic", "Cross-zone traffic: analyse flow logs, store, show");
  group->require_subcommand(1);
  return group;
}

}  // namespace

void AddTrafficApiCommands(CLI::App& app, Context& ctx) {
  CLI::App* group = TrafficGroup(app);
  auto upload = std::make_shared<UploadArgs>();
  CLI::App* cmd = group->add_subcommand(
      "upload", "Store a report (paved traffic analyze --json) as the analysis of a cluster");
  cmd->add_option("--cluster", upload->cluster, "The cluster the flow logs are of")->required();
  cmd->add_option("file", upload->file, "The vpc-flow-xzone/1 JSON file (- for stdin)")->required();
  cmd->add_option("--name", upload->name, "The name it is recorded under (default: the file's)");
  cmd->callback([&ctx, upload] { ctx.Finish(Upload(ctx, *upload)); });

  auto show = std::make_shared<ShowArgs>();
  cmd = group->add_subcommand(
      "show", "Cross-zone traffic and cost: the ranking, or a project's or team's top edges");
  cmd->add_option("--project", show->project, "A project's tab: top edges, share, trend");
  cmd->add_option("--team", show->team, "A team's tab, over its projects");
  cmd->add_option("--cluster", show->cluster, "Only this cluster");
  cmd->add_option("--from", show->from, "First day, YYYY-MM-DD (default: 30 days ago)");
  cmd->add_option("--to", show->to, "Last day, YYYY-MM-DD (default: today)");
  cmd->add_option("--group-by", show->group_by,
                  "The ranking's groups: team, project, workload "
                  "or edge")
      ->capture_default_str();
  cmd->callback([&ctx, show] { ctx.Finish(Show(ctx, *show)); });

  auto cluster = std::make_shared<std::string>();
  cmd = group->add_subcommand("analyses", "The stored analyses, newest first");
  cmd->add_option("--cluster", *cluster, "Only this cluster's");
  cmd->callback([&ctx, cluster] { ctx.Finish(Analyses(ctx, *cluster)); });
}

}  // namespace paved::cli
