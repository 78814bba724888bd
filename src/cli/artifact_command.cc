// `paved artifact push` records an image built once by CI, identified by its digest;
// `paved artifact list` shows them with where each went.
#include <memory>

#include "cli/commands.h"
#include "cli/deployment_view.h"
#include "cli/table.h"
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

struct ArtifactListArgs {
  std::string project;
  ListArgs list;
};

// "alpha=succeeded,production=pending_approval": the latest state per environment.
std::string Environments(const json& artifact) {
  std::string out;
  const json envs = artifact.value("environments", json::object());
  if (!envs.is_object()) return out;
  for (const auto& [env, state] : envs.items()) {
    if (!out.empty()) out += ",";
    out += env + "=" + (state.is_string() ? state.get<std::string>() : state.dump());
  }
  return out;
}

absl::Status List(Context& ctx, const ArtifactListArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json list, api.List(ProjectPath(args.project, {"artifacts"}), {},
                                       args.list.limit, args.list.cursor));
  // Whole digests: they are what `paved deploy --artifact` takes.
  Table table({"DIGEST", "IMAGE", "GIT SHA", "PUSHED BY", "AGE", "ENVIRONMENTS"}, 0);
  for (const json& a : list["items"]) {
    table.AddRow({Text(a, "digest"), Text(a, "image"), Text(a, "git_sha"), Text(a, "pushed_by"),
                  FormatAge(Text(a, "created_at"), ctx.env().now()), Environments(a)});
  }
  PrintList(ctx, list, table.Render(), "artifacts");
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

  auto list_args = std::make_shared<ArtifactListArgs>();
  CLI::App* list = artifact->add_subcommand(
      "list", "Pushed artifacts, newest first, with their latest state per environment");
  AddProjectOption(*list, list_args->project);
  AddListOptions(*list, list_args->list);
  list->callback([&ctx, list_args] { ctx.Finish(List(ctx, *list_args)); });
}

}  // namespace paved::cli
