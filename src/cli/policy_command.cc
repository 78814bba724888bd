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
}

}  // namespace paved::cli
