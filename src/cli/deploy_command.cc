// `paved deploy`: deploys an artifact to clusters of one environment, optionally in waves, and
// with --wait follows the rollout.
#include <memory>

#include "absl/strings/str_split.h"
#include "cli/commands.h"
#include "cli/deployment_view.h"
#include "core/status_macros.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

constexpr int kUsageExitCode = 2;

struct DeployArgs {
  std::string project, env, artifact, reason, clusters, waves;
  bool all = false;
  bool auto_rollback = false;
  WaitArgs wait;
};

// "a;b,c" → [["a"],["b","c"]]; InvalidArgument for an empty wave or cluster name.
absl::StatusOr<json> ParseWaves(const std::string& text) {
  json waves = json::array();
  for (absl::string_view wave : absl::StrSplit(text, ';')) {
    json clusters = json::array();
    for (absl::string_view c : absl::StrSplit(wave, ',')) {
      if (c.empty())
        return absl::InvalidArgumentError("--waves: empty cluster name in \"" + text + "\"");
      clusters.push_back(std::string(c));
    }
    waves.push_back(clusters);
  }
  return waves;
}

// The request body; InvalidArgument (a usage error) when the clusters are not given one way.
absl::StatusOr<json> DeployBody(const DeployArgs& args) {
  json body = {{"artifact", args.artifact}, {"environment", args.env}, {"reason", args.reason}};
  if (args.all && !args.clusters.empty()) {
    return absl::InvalidArgumentError("give --clusters or --all, not both");
  }
  if (!args.waves.empty()) {
    ASSIGN_OR_RETURN(body["waves"], ParseWaves(args.waves));
  }
  if (args.all) {
    body["clusters"] = "all";
  } else if (!args.clusters.empty()) {
    json clusters = json::array();
    for (absl::string_view c : absl::StrSplit(args.clusters, ',', absl::SkipEmpty())) {
      clusters.push_back(std::string(c));
    }
    body["clusters"] = clusters;
  } else if (body.contains("waves")) {
    json clusters = json::array();
    for (const json& wave : body["waves"]) {
      for (const json& c : wave) clusters.push_back(c);
    }
    body["clusters"] = clusters;
  } else {
    return absl::InvalidArgumentError("give --clusters a,b, --all or --waves");
  }
  if (args.auto_rollback) body["auto_rollback"] = true;
  return body;
}

absl::Status Deploy(Context& ctx, const DeployArgs& args) {
  absl::StatusOr<json> body = DeployBody(args);
  if (!body.ok()) {
    ctx.SetExitCode(kUsageExitCode);
    return body.status();
  }
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json answer, api.Post(ProjectPath(args.project, {"deployments"}), *body));
  const json deployments = answer.value("deployments", json::array());
  if (!args.wait.wait || !ctx.global().json) {
    ctx.Print(answer, RenderDeployments(deployments, ctx.env().now()));
  }
  if (!args.wait.wait) return absl::OkStatus();
  return WaitForDeployments(ctx, api, args.project, deployments, args.wait.interval());
}

}  // namespace

void AddDeployCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<DeployArgs>();
  CLI::App* deploy = app.add_subcommand(
      "deploy", "Deploy an artifact to clusters of an environment (one deployment per cluster)");
  AddProjectOption(*deploy, args->project);
  deploy->add_option("--env", args->env, "Environment, e.g. production")->required();
  deploy->add_option("--artifact", args->artifact, "Digest, sha256:...")->required();
  deploy->add_option("--clusters", args->clusters, "Clusters, comma separated");
  deploy->add_flag("--all", args->all, "Every cluster of the environment the project targets");
  deploy->add_option("-m,--reason", args->reason, "Why (shown to approvers and in history)");
  deploy->add_option("--waves", args->waves,
                     "Progressive rollout: waves separated by ';', clusters by ',' (\"a;b,c\")");
  deploy->add_flag("--auto-rollback", args->auto_rollback,
                   "Roll back to the cluster's previous release when the rollout fails");
  AddWaitOptions(*deploy, args->wait);
  deploy->callback([&ctx, args] { ctx.Finish(Deploy(ctx, *args)); });
}

}  // namespace paved::cli
