// `paved spec ...` (the project's paved.yaml, versioned on the server) and `paved render`.
#include <memory>
#include <ostream>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/deploy_output.h"
#include "cli/input.h"
#include "core/status_macros.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxSpecBytes = 1 << 20;

struct PushArgs {
  std::string project, file, message;
};

struct ShowArgs {
  std::string project;
  int64_t version = 0;
};

struct DiffArgs {
  std::string project;
  int64_t from = 0, to = 0;
};

struct VersionsArgs {
  std::string project;
  ListArgs list;
};

struct RenderArgs {
  std::string project, env, cluster, digest;
  int64_t version = 0;
};

std::string VersionText(int64_t version) { return version > 0 ? std::to_string(version) : ""; }

// The 422 answer of an invalid spec, printed as compiler-style lines; other errors as statuses.
absl::Status ReportRejectedSpec(Context& ctx, const std::string& file,
                                const http::ClientResponse& response) {
  const json body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  const json error = body.is_object() ? body.value("error", json()) : json();
  if (response.status != 422 || !error.is_object() || error.value("code", "") != "invalid_spec") {
    return ErrorFromResponse(response.status, response.body);
  }
  if (ctx.global().json) ctx.out() << body.dump(2) << '\n';
  ctx.err() << FormatSpecErrors(file, error);
  ctx.SetExitCode(1);
  return absl::InvalidArgumentError(absl::StrCat(file, " is not a valid app spec"));
}

absl::Status PushSpec(Context& ctx, const PushArgs& args) {
  ASSIGN_OR_RETURN(std::string yaml, ReadInput(ctx, args.file, kMaxSpecBytes));
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  const RawBody body{"application/yaml", std::move(yaml)};
  ASSIGN_OR_RETURN(
      http::ClientResponse response,
      api.Exchange("PUT",
                   WithQuery(ProjectPath(args.project, {"spec"}), {{"message", args.message}}),
                   &body, "application/json"));
  if (response.status != 200 && response.status != 201) {
    return ReportRejectedSpec(ctx, args.file == "-" ? "<stdin>" : args.file, response);
  }
  const json version = json::parse(response.body);
  const std::string number = Text(version, "version");
  ctx.Print(version, response.status == 201 ? absl::StrCat("spec v", number, " pushed\n")
                                            : absl::StrCat("unchanged (v", number, ")\n"));
  return absl::OkStatus();
}

// `spec validate`: the server's parser without storing anything; errors as in spec push.
absl::Status ValidateSpec(Context& ctx, const std::string& file) {
  ASSIGN_OR_RETURN(std::string yaml, ReadInput(ctx, file, kMaxSpecBytes));
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  const RawBody body{"application/yaml", std::move(yaml)};
  ASSIGN_OR_RETURN(http::ClientResponse response,
                   api.Exchange("POST", "/spec/validate", &body, "application/json"));
  const std::string name = file == "-" ? "<stdin>" : file;
  if (response.status != 200) return ReportRejectedSpec(ctx, name, response);
  const json answer = json::parse(response.body);
  if (answer.value("valid", false)) {
    ctx.Print(answer, name + ": valid\n");
    return absl::OkStatus();
  }
  if (ctx.global().json) ctx.out() << answer.dump(2) << '\n';
  ctx.err() << FormatSpecErrors(
      name, {{"errors", answer.value("errors", json::array())}, {"message", "invalid"}});
  ctx.SetExitCode(1);
  return absl::InvalidArgumentError(absl::StrCat(name, " is not a valid app spec"));
}

absl::Status ShowSpec(Context& ctx, const ShowArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json version, api.Get(WithQuery(ProjectPath(args.project, {"spec"}),
                                                   {{"version", VersionText(args.version)}})));
  ctx.Print(version, Text(version, "yaml"));
  return absl::OkStatus();
}

absl::Status DiffSpec(Context& ctx, const DiffArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(
      json diff,
      api.Get(WithQuery(ProjectPath(args.project, {"spec", "diff"}),
                        {{"from", VersionText(args.from)}, {"to", VersionText(args.to)}})));
  const std::string text = Text(diff, "diff");
  ctx.Print(diff, text);
  if (!ctx.global().json && text.empty()) {
    ctx.err() << "No differences between v" << Text(diff, "from") << " and v" << Text(diff, "to")
              << ".\n";
  }
  return absl::OkStatus();
}

absl::Status ListSpecVersions(Context& ctx, const VersionsArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json list, api.List(ProjectPath(args.project, {"spec", "versions"}), {},
                                       args.list.limit, args.list.cursor));
  PrintList(ctx, list, RenderSpecVersions(list["items"], ctx.env().now()), "spec versions");
  return absl::OkStatus();
}

absl::Status Render(Context& ctx, const RenderArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  const bool json_out = ctx.global().json;
  const std::string path =
      WithQuery(ProjectPath(args.project, {"manifests"}), {{"env", args.env},
                                                           {"cluster", args.cluster},
                                                           {"version", VersionText(args.version)},
                                                           {"digest", args.digest},
                                                           {"format", json_out ? "" : "yaml"}});
  if (json_out) {
    ASSIGN_OR_RETURN(json manifests, api.Get(path));
    ctx.out() << manifests.dump(2) << '\n';
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::string yaml, api.GetText(path));
  ctx.out() << yaml;
  return absl::OkStatus();
}

void AddVersionOption(CLI::App& cmd, const char* name, int64_t& version, const char* help) {
  cmd.add_option(name, version, help)->check(CLI::PositiveNumber);
}

void AddPush(CLI::App& spec, Context& ctx) {
  auto args = std::make_shared<PushArgs>();
  CLI::App* cmd = spec.add_subcommand("push", "Push paved.yaml as the project's next spec version");
  cmd->add_option("file", args->file, "The spec file (- for stdin)")->required();
  AddProjectOption(*cmd, args->project);
  cmd->add_option("-m,--message", args->message, "Why (kept in the history)");
  cmd->callback([&ctx, args] { ctx.Finish(PushSpec(ctx, *args)); });
}

void AddValidate(CLI::App& spec, Context& ctx) {
  auto file = std::make_shared<std::string>();
  CLI::App* cmd = spec.add_subcommand(
      "validate", "Check a spec file without pushing it; errors as FILE:LINE:COLUMN, exit 1");
  cmd->add_option("file", *file, "The spec file (- for stdin)")->required();
  cmd->callback([&ctx, file] { ctx.Finish(ValidateSpec(ctx, *file)); });
}

void AddShow(CLI::App& spec, Context& ctx) {
  auto args = std::make_shared<ShowArgs>();
  CLI::App* cmd = spec.add_subcommand("show", "Print a spec version's YAML (default: the latest)");
  AddProjectOption(*cmd, args->project);
  AddVersionOption(*cmd, "--version", args->version, "Spec version");
  cmd->callback([&ctx, args] { ctx.Finish(ShowSpec(ctx, *args)); });
}

void AddDiff(CLI::App& spec, Context& ctx) {
  auto args = std::make_shared<DiffArgs>();
  CLI::App* cmd = spec.add_subcommand("diff", "Unified diff between two spec versions");
  AddProjectOption(*cmd, args->project);
  AddVersionOption(*cmd, "--from", args->from, "Older version (default: the one before --to)");
  AddVersionOption(*cmd, "--to", args->to, "Newer version (default: the latest)");
  cmd->callback([&ctx, args] { ctx.Finish(DiffSpec(ctx, *args)); });
}

void AddVersions(CLI::App& spec, Context& ctx) {
  auto args = std::make_shared<VersionsArgs>();
  CLI::App* cmd = spec.add_subcommand("versions", "List the spec versions, newest first");
  AddProjectOption(*cmd, args->project);
  AddListOptions(*cmd, args->list);
  cmd->callback([&ctx, args] { ctx.Finish(ListSpecVersions(ctx, *args)); });
}

}  // namespace

void AddSpecCommand(CLI::App& app, Context& ctx) {
  CLI::App* spec =
      app.add_subcommand("spec", "Validate, push, show and compare the app spec (paved.yaml)");
  spec->require_subcommand(1);
  AddPush(*spec, ctx);
  AddValidate(*spec, ctx);
  AddShow(*spec, ctx);
  AddDiff(*spec, ctx);
  AddVersions(*spec, ctx);
}

void AddRenderCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<RenderArgs>();
  CLI::App* cmd =
      app.add_subcommand("render", "Print the Kubernetes manifests Paved renders for a cluster");
  AddProjectOption(*cmd, args->project);
  cmd->add_option("--env", args->env, "Environment (default: the first)");
  cmd->add_option("--cluster", args->cluster,
                  "Cluster (default: the project's first target in --env)");
  cmd->add_option("--digest", args->digest, "Pin every image to this digest (sha256:...)");
  AddVersionOption(*cmd, "--version", args->version, "Spec version (default: the latest)");
  cmd->callback([&ctx, args] { ctx.Finish(Render(ctx, *args)); });
}

}  // namespace paved::cli
