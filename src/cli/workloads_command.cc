// `paved status`, `paved logs`, `paved timeline` (a project's running side) and
// `paved metrics deployments`.
#include <memory>
#include <ostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/workload_view.h"
#include "core/status_macros.h"
#include "http/client.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

constexpr absl::Duration kFollowInterval = absl::Seconds(1);

struct StatusArgs {
  std::string project, cluster;
};

struct LogsArgs {
  std::string project, cluster, instance;
  int tail = 200;
  bool follow = false;
};

struct TimelineArgs {
  std::string project, env, since;
};

struct MetricsArgs {
  std::string group_by = "project", env, since, until;
};

absl::StatusOr<json> Workloads(ApiClient& api, const std::string& project,
                               const std::string& cluster) {
  ASSIGN_OR_RETURN(json answer,
                   api.Get(WithQuery(ProjectPath(project, {"workloads"}), {{"cluster", cluster}})));
  return answer.value("items", json::array());
}

absl::Status Status(Context& ctx, const StatusArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json items, Workloads(api, args.project, args.cluster));
  if (items.empty() && !ctx.global().json) {
    ctx.err() << "project " << args.project << " has no target clusters and no deployments\n";
    return absl::OkStatus();
  }
  ctx.Print(json{{"items", items}}, RenderWorkloads(items));
  return absl::OkStatus();
}

std::string LogsPath(const LogsArgs& args, const InstanceRef& i) {
  return WithQuery(ProjectPath(args.project, {"workloads", i.cluster, i.name, "logs"}),
                   {{"tail", std::to_string(args.tail)}});
}

// The instances whose logs to show: the one named, else every one (of --cluster).
absl::StatusOr<std::vector<InstanceRef>> LogTargets(ApiClient& api, const LogsArgs& args) {
  ASSIGN_OR_RETURN(json items, Workloads(api, args.project, args.cluster));
  std::vector<InstanceRef> all = Instances(items, args.cluster), out;
  for (const InstanceRef& i : all) {
    if (args.instance.empty() || i.name == args.instance) out.push_back(i);
  }
  if (!out.empty()) return out;
  if (!args.instance.empty()) {
    std::string names;
    for (const InstanceRef& i : all) absl::StrAppend(&names, names.empty() ? "" : ", ", i.name);
    return absl::NotFoundError(absl::StrCat("no instance ", args.instance, " of ", args.project,
                                            names.empty() ? "" : "; instances: " + names));
  }
  return absl::NotFoundError(absl::StrCat("nothing of ", args.project, " runs",
                                          args.cluster.empty() ? "" : " in " + args.cluster,
                                          " (see paved status -p ", args.project, ")"));
}

// Prints the lines of `i` new since `seen` (all on the first call), prefixed with the instance
// name when several are shown. NotFound when the instance is gone.
absl::Status PrintNewLines(Context& ctx, ApiClient& api, const LogsArgs& args, const InstanceRef& i,
                           bool prefix, std::vector<std::string>& seen) {
  ASSIGN_OR_RETURN(std::string text, api.GetText(LogsPath(args, i), "text/plain"));
  std::vector<std::string> lines = LogLines(text);
  for (const std::string& line : NewLogLines(seen, lines)) {
    ctx.out() << (prefix ? "[" + i.name + "] " : "") << line << "\n";
  }
  ctx.out().flush();
  seen = std::move(lines);
  return absl::OkStatus();
}

absl::Status Logs(Context& ctx, const LogsArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(std::vector<InstanceRef> targets, LogTargets(api, args));
  const bool prefix = targets.size() > 1;
  std::vector<std::vector<std::string>> seen(targets.size());
  for (size_t i = 0; i < targets.size(); ++i) {
    RETURN_IF_ERROR(PrintNewLines(ctx, api, args, targets[i], prefix, seen[i]));
  }
  while (args.follow) {  // until interrupted, or until every instance is gone
    ctx.env().sleep(kFollowInterval);
    size_t gone = 0;
    for (size_t i = 0; i < targets.size(); ++i) {
      absl::Status s = PrintNewLines(ctx, api, args, targets[i], prefix, seen[i]);
      if (absl::IsNotFound(s)) {
        ++gone;
        continue;
      }
      RETURN_IF_ERROR(s);
    }
    if (gone == targets.size()) {
      ctx.err() << "the instance" << (prefix ? "s are" : " is") << " gone\n";
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

absl::Status Timeline(Context& ctx, const TimelineArgs& args) {
  ASSIGN_OR_RETURN(std::string since, ResolveTime("--since", args.since, ctx.env().now()));
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json answer, api.Get(WithQuery(ProjectPath(args.project, {"timeline"}),
                                                  {{"since", since}, {"environment", args.env}})));
  const json items = answer.value("items", json::array());
  if (items.empty() && !ctx.global().json) {
    ctx.err() << "nothing happened" << (since.empty() ? "" : " since " + since) << "\n";
    return absl::OkStatus();
  }
  ctx.Print(answer, RenderTimeline(items));
  return absl::OkStatus();
}

absl::Status Metrics(Context& ctx, const MetricsArgs& args) {
  ASSIGN_OR_RETURN(std::string from, ResolveTime("--since", args.since, ctx.env().now()));
  ASSIGN_OR_RETURN(std::string to, ResolveTime("--until", args.until, ctx.env().now()));
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(
      json answer,
      api.Get(WithQuery(
          "/metrics/deployments",
          {{"group_by", args.group_by}, {"from", from}, {"to", to}, {"environment", args.env}})));
  ctx.Print(answer, absl::StrCat("from ", Text(answer, "from"), " to ", Text(answer, "to"), "\n",
                                 RenderDeployMetrics(answer.value("items", json::array()))));
  return absl::OkStatus();
}

void AddStatus(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<StatusArgs>();
  CLI::App* cmd = app.add_subcommand(
      "status", "What runs where: per cluster the deployment and each instance with its URL");
  AddProjectOption(*cmd, args->project);
  cmd->add_option("--cluster", args->cluster, "Only this cluster");
  cmd->callback([&ctx, args] { ctx.Finish(Status(ctx, *args)); });
}

void AddLogs(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<LogsArgs>();
  CLI::App* cmd = app.add_subcommand("logs", "Recent log lines of a project's instances");
  AddProjectOption(*cmd, args->project);
  cmd->add_option("--cluster", args->cluster, "Only instances in this cluster");
  cmd->add_option("--instance", args->instance, "Only this instance (see paved status)");
  cmd->add_option("--tail", args->tail, "Lines to show first")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  cmd->add_flag("-f,--follow", args->follow, "Keep printing new lines (Ctrl-C ends)");
  cmd->callback([&ctx, args] { ctx.Finish(Logs(ctx, *args)); });
}

void AddTimeline(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<TimelineArgs>();
  CLI::App* cmd = app.add_subcommand(
      "timeline", "Deploys, rollbacks, spec pushes, config and secret changes, newest first");
  AddProjectOption(*cmd, args->project);
  cmd->add_option("--env", args->env, "Only this environment");
  cmd->add_option("--since", args->since, "From: an age (30m, 1h, 2d) or an RFC 3339 time");
  cmd->callback([&ctx, args] { ctx.Finish(Timeline(ctx, *args)); });
}

}  // namespace

void AddWorkloadCommands(CLI::App& app, Context& ctx) {
  AddStatus(app, ctx);
  AddLogs(app, ctx);
  AddTimeline(app, ctx);
}

void AddMetricsCommand(CLI::App& app, Context& ctx) {
  CLI::App* group = app.add_subcommand("metrics", "Delivery metrics");
  group->require_subcommand(1);
  auto args = std::make_shared<MetricsArgs>();
  CLI::App* cmd = group->add_subcommand(
      "deployments", "Deploy counts, durations and DORA metrics (default: the last 30 days)");
  cmd->add_option("--group-by", args->group_by, "project, team or platform")
      ->transform(CLI::IsMember({"project", "team", "platform"}, CLI::ignore_case))
      ->capture_default_str();
  cmd->add_option("--env", args->env, "Only this environment");
  cmd->add_option("--since", args->since, "From: an age (30m, 1h, 2d) or an RFC 3339 time");
  cmd->add_option("--until", args->until, "To: an age or an RFC 3339 time (default: now)");
  cmd->callback([&ctx, args] { ctx.Finish(Metrics(ctx, *args)); });
}

}  // namespace paved::cli
