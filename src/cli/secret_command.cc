// `paved secret set|list|history`: write-only secrets of a project per environment. The value of
// `secret set` comes from stdin, never from the command line (where it would reach the shell
// history and the process list).
#include <memory>
#include <ostream>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/deploy_output.h"
#include "core/status_macros.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxSecretBytes = 64 << 10;  // what the server accepts
constexpr int kUsageExitCode = 2;

struct SetArgs {
  std::string project, env, name, message;
  std::vector<std::string> stray;  // anything after NAME: refused, never echoed
};

struct ListArgsForEnv {
  std::string project, env;
};

struct HistoryArgs {
  std::string project, env, name;
  ListArgs list;
};

// The value: a prompt without echo on a terminal, else all of stdin minus one line ending.
absl::StatusOr<std::string> ReadSecretValue(Context& ctx, const std::string& name) {
  std::string value;
  if (ctx.env().interactive) {
    ASSIGN_OR_RETURN(value, ctx.env().read_line("Value for " + name + ": ", true));
  } else {
    if (!ctx.env().read_stdin) return absl::FailedPreconditionError("cannot read stdin here");
    ASSIGN_OR_RETURN(value, ctx.env().read_stdin(kMaxSecretBytes + 2));
    if (absl::EndsWith(value, "\r\n")) {
      value.resize(value.size() - 2);
    } else if (absl::EndsWith(value, "\n")) {
      value.pop_back();
    }
  }
  if (value.empty()) {
    return absl::InvalidArgumentError(
        "empty secret value: pipe the value into stdin, e.g. "
        "`paved secret set ENV NAME < file`");
  }
  if (value.size() > kMaxSecretBytes) {
    return absl::InvalidArgumentError("secret value is larger than 64 KiB");
  }
  return value;
}

absl::Status SetSecret(Context& ctx, const SetArgs& args) {
  if (!args.stray.empty()) {
    ctx.SetExitCode(kUsageExitCode);
    return absl::InvalidArgumentError(
        "too many arguments: secret values are read from stdin, never from the command line "
        "(e.g. `paved secret set ENV NAME < file`)");
  }
  ASSIGN_OR_RETURN(std::string value, ReadSecretValue(ctx, args.name));
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  const json body = {{"value", std::move(value)}, {"message", args.message}};
  ASSIGN_OR_RETURN(
      json written,
      api.Call("PUT", ProjectPath(args.project, {"secrets", args.env, args.name}), &body));
  ctx.Print(written, absl::StrCat("secret ", args.env, "/", args.name, " v",
                                  Text(written, "version"), " written\n"));
  return absl::OkStatus();
}

absl::Status ListSecrets(Context& ctx, const ListArgsForEnv& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json list,
                   api.List(ProjectPath(args.project, {"secrets", args.env}), {}, 100000));
  PrintList(ctx, list, RenderSecrets(list["items"], ctx.env().now()), "secrets");
  return absl::OkStatus();
}

absl::Status SecretHistory(Context& ctx, const HistoryArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json list,
                   api.List(ProjectPath(args.project, {"secrets", args.env, args.name, "history"}),
                            {}, args.list.limit, args.list.cursor));
  PrintList(ctx, list, RenderSecretHistory(list["items"], ctx.env().now()), "versions");
  return absl::OkStatus();
}

void AddSet(CLI::App& secret, Context& ctx) {
  auto args = std::make_shared<SetArgs>();
  CLI::App* cmd = secret.add_subcommand(
      "set", "Write the next version of a secret; the value is read from stdin");
  cmd->add_option("env", args->env, "Environment, e.g. production")->required();
  cmd->add_option("name", args->name, "Secret name, e.g. db-password")->required();
  cmd->add_option("stray", args->stray)->group("");  // hidden: refused with a clear message
  AddProjectOption(*cmd, args->project);
  cmd->add_option("-m,--message", args->message, "Why (kept in the history)");
  cmd->callback([&ctx, args] { ctx.Finish(SetSecret(ctx, *args)); });
}

}  // namespace

void AddSecretCommand(CLI::App& app, Context& ctx) {
  CLI::App* secret = app.add_subcommand("secret", "Write-only secrets per environment");
  secret->require_subcommand(1);
  AddSet(*secret, ctx);

  auto list_args = std::make_shared<ListArgsForEnv>();
  CLI::App* list =
      secret->add_subcommand("list", "Secrets of an environment: names and versions, no values");
  list->add_option("env", list_args->env, "Environment")->required();
  AddProjectOption(*list, list_args->project);
  list->callback([&ctx, list_args] { ctx.Finish(ListSecrets(ctx, *list_args)); });

  auto history_args = std::make_shared<HistoryArgs>();
  CLI::App* history =
      secret->add_subcommand("history", "Versions of a secret: who, when, why, which key");
  history->add_option("env", history_args->env, "Environment")->required();
  history->add_option("name", history_args->name, "Secret name")->required();
  AddProjectOption(*history, history_args->project);
  AddListOptions(*history, history_args->list);
  history->callback([&ctx, history_args] { ctx.Finish(SecretHistory(ctx, *history_args)); });
}

}  // namespace paved::cli
