// `paved deployments list|show|approve|reject|cancel|rollback|diff` and `paved approvals`.
#include <memory>

#include "absl/strings/match.h"
#include "cli/commands.h"
#include "cli/deployment_view.h"
#include "core/status_macros.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

struct ListDeploymentsArgs {
  std::string project, env, cluster, state;
  ListArgs list;
};

// show, approve, reject, cancel, rollback and diff: one deployment, plus their options.
struct OneArgs {
  std::string project, id, comment, reason, against;
  bool manifests = false;
  bool emergency = false;
  WaitArgs wait;
};

std::string DeploymentPath(const OneArgs& args, const std::string& action = "") {
  return action.empty() ? ProjectPath(args.project, {"deployments", args.id})
                        : ProjectPath(args.project, {"deployments", args.id, action});
}

absl::Status List(Context& ctx, const ListDeploymentsArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(
      json list,
      api.List(ProjectPath(args.project, {"deployments"}),
               {{"environment", args.env}, {"cluster", args.cluster}, {"state", args.state}},
               args.list.limit, args.list.cursor));
  PrintList(ctx, list, RenderDeployments(list["items"], ctx.env().now()), "deployments");
  return absl::OkStatus();
}

absl::Status Show(Context& ctx, OneArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  RETURN_IF_ERROR(ResolveDeploymentProject(api, args.id, args.project));
  ASSIGN_OR_RETURN(json d, api.Get(DeploymentPath(args)));
  std::string human = RenderDeployment(d);
  if (args.manifests) {
    const std::string manifests = Text(d, "manifests");
    human += "\n" + manifests + (manifests.empty() || manifests.back() == '\n' ? "" : "\n");
  } else {
    d.erase("manifests");
  }
  ctx.Print(d, human);
  return absl::OkStatus();
}

// approve or reject: answers {"deployments":[...]} (every one the decision covered).
absl::Status Decide(Context& ctx, OneArgs& args, const std::string& action) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  RETURN_IF_ERROR(ResolveDeploymentProject(api, args.id, args.project));
  json body = json::object();
  if (!args.comment.empty()) body["comment"] = args.comment;
  ASSIGN_OR_RETURN(json answer, api.Post(DeploymentPath(args, action), body));
  ctx.Print(answer, RenderDeployments(answer.value("deployments", json::array()), ctx.env().now()));
  return absl::OkStatus();
}

absl::Status Cancel(Context& ctx, OneArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  RETURN_IF_ERROR(ResolveDeploymentProject(api, args.id, args.project));
  ASSIGN_OR_RETURN(json d, api.Post(DeploymentPath(args, "cancel"), json::object()));
  ctx.Print(d, "deployment " + args.id + " " + Text(d, "state") + "\n");
  return absl::OkStatus();
}

absl::Status Rollback(Context& ctx, OneArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  RETURN_IF_ERROR(ResolveDeploymentProject(api, args.id, args.project));
  json body = {{"reason", args.reason}};
  if (args.emergency) body["emergency"] = true;
  ASSIGN_OR_RETURN(json answer, api.Post(DeploymentPath(args, "rollback"), body));
  const json deployments = answer.value("deployments", json::array());
  if (!args.wait.wait || !ctx.global().json) {
    ctx.Print(answer, RenderDeployments(deployments, ctx.env().now()));
  }
  if (!args.wait.wait) return absl::OkStatus();
  return WaitForDeployments(ctx, api, args.project, deployments, args.wait.interval());
}

absl::Status Diff(Context& ctx, OneArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  RETURN_IF_ERROR(ResolveDeploymentProject(api, args.id, args.project));
  absl::StatusOr<json> diff =
      api.Get(WithQuery(DeploymentPath(args, "diff"), {{"against", args.against}}));
  // The first deployment on its cluster has nothing before it: say so, it is no failure.
  if (!diff.ok() && args.against.empty() && absl::IsNotFound(diff.status()) &&
      absl::StrContains(diff.status().message(), "(field: against)")) {
    ctx.err() << "nothing to compare " << args.id << " with: " << diff.status().message() << "\n";
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(diff.status());
  ctx.Print(*diff, RenderDeploymentDiff(*diff));
  return absl::OkStatus();
}

absl::Status Approvals(Context& ctx) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json answer, api.Get("/approvals"));
  const json items = answer.value("items", json::array());
  if (items.empty() && !ctx.global().json) {
    ctx.err() << "no deployments wait for your approval\n";
    return absl::OkStatus();
  }
  ctx.Print(answer, RenderApprovals(items, ctx.env().now()));
  return absl::OkStatus();
}

// A subcommand on one deployment: `NAME ID [-p PROJECT]` (the project is found from the id).
CLI::App* AddOne(CLI::App& parent, const char* name, const char* help, OneArgs& args) {
  CLI::App* cmd = parent.add_subcommand(name, help);
  cmd->add_option("id", args.id, "Deployment id")->required();
  AddOptionalProjectOption(*cmd, args.project);
  return cmd;
}

void AddList(CLI::App& parent, Context& ctx) {
  auto args = std::make_shared<ListDeploymentsArgs>();
  CLI::App* cmd = parent.add_subcommand("list", "Deployments of a project, newest first");
  AddProjectOption(*cmd, args->project);
  cmd->add_option("--env", args->env, "Only this environment");
  cmd->add_option("--cluster", args->cluster, "Only this cluster");
  cmd->add_option("--state", args->state, "Only this state, e.g. pending_approval");
  AddListOptions(*cmd, args->list);
  cmd->callback([&ctx, args] { ctx.Finish(List(ctx, *args)); });
}

void AddDecisions(CLI::App& parent, Context& ctx) {
  for (const char* action : {"approve", "reject"}) {
    auto args = std::make_shared<OneArgs>();
    CLI::App* cmd = AddOne(parent, action,
                           std::string(action) == "approve"
                               ? "Approve the request's pending deployments in this region"
                               : "Reject the request's pending deployments in this region",
                           *args);
    cmd->add_option("-m,--comment", args->comment, "Recorded with the decision");
    const std::string name = action;
    cmd->callback([&ctx, args, name] { ctx.Finish(Decide(ctx, *args, name)); });
  }
}

void AddRollback(CLI::App& parent, Context& ctx) {
  auto args = std::make_shared<OneArgs>();
  CLI::App* cmd =
      AddOne(parent, "rollback", "Deploy again the exact release of an earlier deployment", *args);
  cmd->add_option("-m,--reason", args->reason, "Why (recorded)")->required();
  cmd->add_flag("--emergency", args->emergency,
                "Skip production approval (when the platform allows emergency rollback)");
  AddWaitOptions(*cmd, args->wait);
  cmd->callback([&ctx, args] { ctx.Finish(Rollback(ctx, *args)); });
}

}  // namespace

void AddDeploymentsCommand(CLI::App& app, Context& ctx) {
  CLI::App* group = app.add_subcommand("deployments", "Deployment history, approvals, rollback");
  group->require_subcommand(1);
  AddList(*group, ctx);

  auto show = std::make_shared<OneArgs>();
  CLI::App* show_cmd = AddOne(*group, "show", "A deployment with its steps", *show);
  show_cmd->add_flag("--manifests", show->manifests, "Also print the applied manifests");
  show_cmd->callback([&ctx, show] { ctx.Finish(Show(ctx, *show)); });

  AddDecisions(*group, ctx);

  auto cancel = std::make_shared<OneArgs>();
  AddOne(*group, "cancel", "Cancel a deployment that has not started rolling out", *cancel)
      ->callback([&ctx, cancel] { ctx.Finish(Cancel(ctx, *cancel)); });

  AddRollback(*group, ctx);

  auto diff = std::make_shared<OneArgs>();
  CLI::App* diff_cmd = AddOne(*group, "diff", "What a deployment changed", *diff);
  diff_cmd->add_option("--against", diff->against,
                       "Deployment id to compare with (default: the previous succeeded one)");
  diff_cmd->callback([&ctx, diff] { ctx.Finish(Diff(ctx, *diff)); });
}

void AddApprovalsCommand(CLI::App& app, Context& ctx) {
  app.add_subcommand("approvals", "Deployments waiting for your approval")->callback([&ctx] {
    ctx.Finish(Approvals(ctx));
  });
}

}  // namespace paved::cli
