// `paved policy check FILE` (any Kubernetes YAML) and `paved policy show` (a project's rendered
// manifests). Both exit 1 when a finding blocks a deploy.
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/deploy_output.h"
#include "cli/input.h"
#include "core/status_macros.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxYamlBytes = 1 << 20;

struct CheckArgs {
  std::string file, env;
};

struct ShowArgs {
  std::string project, env, cluster;
};

// Prints the findings (and `extra`, e.g. the exceptions) and sets exit code 1 when blocking.
void ReportFindings(Context& ctx, const json& answer, const std::string& extra) {
  const json findings = answer.value("findings", json::array());
  const bool blocking = answer.value("blocking", false);
  ctx.Print(answer, RenderFindings(findings) + extra + FindingsSummary(findings, blocking));
  if (blocking) ctx.SetExitCode(1);
}

absl::Status CheckFile(Context& ctx, const CheckArgs& args) {
  ASSIGN_OR_RETURN(std::string yaml, ReadInput(ctx, args.file, kMaxYamlBytes));
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  const RawBody body{"application/yaml", std::move(yaml)};
  ASSIGN_OR_RETURN(http::ClientResponse response,
                   api.Exchange("POST", WithQuery("/policy/check", {{"environment", args.env}}),
                                &body, "application/json"));
  if (response.status != 200) return ErrorFromResponse(response.status, response.body);
  ReportFindings(ctx, json::parse(response.body), "");
  return absl::OkStatus();
}

absl::Status ShowPolicy(Context& ctx, const ShowArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json answer, api.Get(WithQuery(ProjectPath(args.project, {"policy"}),
                                                  {{"env", args.env}, {"cluster", args.cluster}})));
  const json exceptions = answer.value("exceptions", json::array());
  std::string extra;
  if (exceptions.is_array() && !exceptions.empty()) {
    extra = "\nExceptions:\n" + RenderExceptions(exceptions) + "\n";
  }
  ReportFindings(ctx, answer, extra);
  return absl::OkStatus();
}

struct ExceptionArgs {
  std::string project, rule, reason, duration, expires_at, id;
};

absl::Status ListExceptions(Context& ctx, const ExceptionArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json answer, api.Get(ProjectPath(args.project, {"policy", "exceptions"})));
  PrintList(ctx, answer, RenderExceptions(answer["items"]), "policy exceptions");
  return absl::OkStatus();
}

absl::Status CreateException(Context& ctx, const ExceptionArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  json body = {{"rule", args.rule}, {"reason", args.reason}};
  if (!args.expires_at.empty()) body["expires_at"] = args.expires_at;
  if (!args.duration.empty()) body["duration"] = args.duration;
  ASSIGN_OR_RETURN(json e, api.Post(ProjectPath(args.project, {"policy", "exceptions"}), body));
  ctx.Print(e, "exception " + Text(e, "id") + " to " + Text(e, "rule") + " until " +
                   Text(e, "expires_at") + "\n");
  return absl::OkStatus();
}

absl::Status RevokeException(Context& ctx, const ExceptionArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(
      json e, api.Call("DELETE", ProjectPath(args.project, {"policy", "exceptions", args.id})));
  ctx.Print(e, "exception " + args.id + " revoked\n");
  return absl::OkStatus();
}

void AddExceptions(CLI::App& policy, Context& ctx) {
  CLI::App* group = policy.add_subcommand("exceptions", "A project's exceptions to policy rules");
  group->require_subcommand(1);
  auto list = std::make_shared<ExceptionArgs>();
  CLI::App* cmd = group->add_subcommand("list", "Exceptions, newest first (revoked included)");
  AddProjectOption(*cmd, list->project);
  cmd->callback([&ctx, list] { ctx.Finish(ListExceptions(ctx, *list)); });

  auto create = std::make_shared<ExceptionArgs>();
  cmd = group->add_subcommand("create", "Allow the project to break a rule for a while (sre)");
  AddProjectOption(*cmd, create->project);
  cmd->add_option("--rule", create->rule, "Rule id (see the Platform page)")->required();
  cmd->add_option("-m,--reason", create->reason, "Why (recorded)")->required();
  auto* duration = cmd->add_option("--for", create->duration, "How long, e.g. 12h, 30d (max 90d)");
  cmd->add_option("--until", create->expires_at, "Until this RFC 3339 time")->excludes(duration);
  cmd->callback([&ctx, create] { ctx.Finish(CreateException(ctx, *create)); });

  auto revoke = std::make_shared<ExceptionArgs>();
  cmd = group->add_subcommand("revoke", "End an exception now (sre)");
  cmd->add_option("id", revoke->id, "Exception id")->required();
  AddProjectOption(*cmd, revoke->project);
  cmd->callback([&ctx, revoke] { ctx.Finish(RevokeException(ctx, *revoke)); });
}

}  // namespace

void AddPolicyCommand(CLI::App& app, Context& ctx) {
  CLI::App* policy = app.add_subcommand("policy", "Check Kubernetes objects against the policy");
  policy->require_subcommand(1);

  auto check_args = std::make_shared<CheckArgs>();
  CLI::App* check = policy->add_subcommand(
      "check", "Check a Kubernetes YAML file; exits 1 when a finding blocks a deploy");
  check->add_option("file", check_args->file, "Multi-document YAML (- for stdin)")->required();
  check->add_option("--env", check_args->env,
                    "Environment the objects are for (production enables production rules)");
  check->callback([&ctx, check_args] { ctx.Finish(CheckFile(ctx, *check_args)); });

  auto show_args = std::make_shared<ShowArgs>();
  CLI::App* show = policy->add_subcommand(
      "show",
      "Findings on the project's rendered manifests, exceptions applied; exits 1 when "
      "blocking");
  AddProjectOption(*show, show_args->project);
  show->add_option("--env", show_args->env, "Environment (default: the first)");
  show->add_option("--cluster", show_args->cluster,
                   "Cluster (default: the project's first target in --env)");
  show->callback([&ctx, show_args] { ctx.Finish(ShowPolicy(ctx, *show_args)); });

  AddExceptions(*policy, ctx);
}

}  // namespace paved::cli
