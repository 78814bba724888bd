// `paved artifact push`: records an image built once by CI, identified by its digest.
#include <memory>

#include "cli/commands.h"
#include "cli/deployment_view.h"
#include "core/status_macros.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

struct PushArgs {
  std::string project, image, digest, git_sha, commit_time, built_by;
};

json PushBody(const PushArgs& args) {
  json body = {{"image", args.image}, {"digest", args.digest}};
  if (!args.git_sha.empty()) body["git_sha"] = args.git_sha;
  if (!args.commit_time.empty()) body["commit_time"] = args.commit_time;
  if (!args.built_by.empty()) body["built_by"] = args.built_by;
  return body;
}

absl::Status Push(Context& ctx, const PushArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  const json body = PushBody(args);
  ASSIGN_OR_RETURN(http::ClientResponse res,
                   api.Send("POST", ProjectPath(args.project, {"artifacts"}), &body));
  const json artifact = json::parse(res.body, nullptr, false);
  const std::string what = res.status == 201 ? "pushed" : "already pushed (identical)";
  ctx.Print(artifact, "artifact " + args.digest + " " + what + "\n");
  return absl::OkStatus();
}

}  // namespace

void AddArtifactCommand(CLI::App& app, Context& ctx) {
  CLI::App* artifact = app.add_subcommand("artifact", "Images built once and promoted by digest");
  artifact->require_subcommand(1);
  auto args = std::make_shared<PushArgs>();
  CLI::App* push = artifact->add_subcommand("push", "Record a built image (run by CI)");
  AddProjectOption(*push, args->project);
  push->add_option("--image", args->image, "Repository without tag")->required();
  push->add_option("--digest", args->digest, "sha256:<64 hex>")->required();
  push->add_option("--git-sha", args->git_sha, "Commit the image was built from");
  push->add_option("--commit-time", args->commit_time, "When that commit was made (RFC 3339)");
  push->add_option("--built-by", args->built_by, "Build system or job that built it");
  push->callback([&ctx, args] { ctx.Finish(Push(ctx, *args)); });
}

}  // namespace paved::cli
