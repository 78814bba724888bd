// `paved config set|get|history`: versioned config sets (key/values and files) of a project per
// environment. `set` reads the latest version, applies the changes and writes the next one.
#include <map>
#include <memory>
#include <ostream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/deploy_output.h"
#include "cli/input.h"
#include "core/status_macros.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxFileBytes = 1 << 20;
constexpr int kUsageExitCode = 2;
constexpr int kConflictRetries = 3;  // writes based on a version someone else replaced

struct SetArgs {
  std::string project, env, set, message;
  std::vector<std::string> assignments, files, unset;
};

struct GetArgs {
  std::string project, env, set;
  int64_t version = 0;
};

struct HistoryArgs {
  std::string project, env, set;
  ListArgs list;
};

// The wanted change: keys to remove, then key/values and files to write.
struct ConfigEdit {
  std::vector<std::string> unset;
  std::map<std::string, std::string> data, files;
};

absl::StatusOr<std::pair<std::string, std::string>> SplitAssignment(const std::string& text,
                                                                    const char* what) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    return absl::InvalidArgumentError(absl::StrCat("expected ", what, ", got \"", text, "\""));
  }
  return std::pair{text.substr(0, eq), text.substr(eq + 1)};
}

// The edit the arguments ask for; InvalidArgument (a usage error) when malformed or empty.
absl::StatusOr<ConfigEdit> ParseEdit(const SetArgs& args) {
  ConfigEdit edit{.unset = args.unset};
  for (const std::string& a : args.assignments) {
    ASSIGN_OR_RETURN(auto kv, SplitAssignment(a, "KEY=VALUE"));
    edit.data[kv.first] = kv.second;
  }
  for (const std::string& f : args.files) {
    ASSIGN_OR_RETURN(auto kv, SplitAssignment(f, "--file NAME=PATH"));
    edit.files[kv.first] = kv.second;  // the path, read later
  }
  if (edit.unset.empty() && edit.data.empty() && edit.files.empty()) {
    return absl::InvalidArgumentError("nothing to change: give KEY=VALUE, --file or --unset");
  }
  return edit;
}

absl::Status ReadFiles(Context& ctx, ConfigEdit& edit) {
  for (auto& [name, path] : edit.files) {
    ASSIGN_OR_RETURN(path, ReadInput(ctx, path, kMaxFileBytes));
  }
  return absl::OkStatus();
}

// The set's latest version; {"version":0,"data":{},"files":{}} when it does not exist yet.
absl::StatusOr<json> LatestConfig(ApiClient& api, const std::string& path) {
  absl::StatusOr<json> latest = api.Get(path);
  if (absl::IsNotFound(latest.status())) {
    return json{{"version", 0}, {"data", json::object()}, {"files", json::object()}};
  }
  return latest;
}

// `latest`'s content with `edit` applied. NotFound for an --unset key the set does not hold.
absl::StatusOr<json> Merge(const json& latest, const ConfigEdit& edit) {
  json data = latest.value("data", json::object());
  json files = latest.value("files", json::object());
  for (const std::string& key : edit.unset) {
    const size_t removed = data.erase(key) + files.erase(key);
    if (removed == 0 && !edit.data.count(key)) {
      return absl::NotFoundError(absl::StrCat("--unset ", key, ": no such key or file in the set"));
    }
  }
  for (const auto& [key, value] : edit.data) data[key] = value;
  for (const auto& [name, content] : edit.files) files[name] = content;
  return json{{"data", data}, {"files", files}};
}

bool SameContent(const json& latest, const json& merged) {
  return latest.value("data", json::object()) == merged["data"] &&
         latest.value("files", json::object()) == merged["files"];
}

absl::Status SetConfig(Context& ctx, const SetArgs& args) {
  absl::StatusOr<ConfigEdit> edit = ParseEdit(args);
  if (!edit.ok()) {
    ctx.SetExitCode(kUsageExitCode);
    return edit.status();
  }
  RETURN_IF_ERROR(ReadFiles(ctx, *edit));
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  const std::string path = ProjectPath(args.project, {"config", args.env, args.set});
  const std::string name = absl::StrCat(args.env, "/", args.set);
  // The write names the version it is based on; when someone wrote the set in between (409),
  // read it again and apply the same edit to the newer version, so nothing of theirs is lost.
  absl::StatusOr<json> written = absl::AlreadyExistsError("not written");
  for (int attempt = 0; attempt < kConflictRetries && absl::IsAlreadyExists(written.status());
       ++attempt) {
    ASSIGN_OR_RETURN(json latest, LatestConfig(api, path));
    ASSIGN_OR_RETURN(json body, Merge(latest, *edit));
    if (latest.value("version", 0) > 0 && SameContent(latest, body)) {
      ctx.Print(latest,
                absl::StrCat("config ", name, " unchanged (v", Text(latest, "version"), ")\n"));
      return absl::OkStatus();
    }
    body["message"] = args.message;
    body["expected_version"] = latest.value("version", 0);
    written = api.Call("PUT", path, &body);
  }
  RETURN_IF_ERROR(written.status());
  const std::string changes = ChangeSummary(written->value("changes", json()));
  ctx.Print(*written, absl::StrCat("config ", name, " v", Text(*written, "version"), " written",
                                   changes.empty() ? "" : " (" + changes + ")", "\n"));
  return absl::OkStatus();
}

absl::Status GetConfig(Context& ctx, const GetArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  const std::string version = args.version > 0 ? std::to_string(args.version) : "";
  ASSIGN_OR_RETURN(json config,
                   api.Get(WithQuery(ProjectPath(args.project, {"config", args.env, args.set}),
                                     {{"version", version}})));
  ctx.Print(config, RenderConfig(config));
  return absl::OkStatus();
}

absl::Status ConfigHistory(Context& ctx, const HistoryArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(
      json list, api.List(ProjectPath(args.project, {"config", args.env, args.set, "history"}), {},
                          args.list.limit, args.list.cursor));
  PrintList(ctx, list, RenderConfigHistory(list["items"], ctx.env().now()), "versions");
  return absl::OkStatus();
}

void AddEnvAndSet(CLI::App& cmd, std::string& env, std::string& set) {
  cmd.add_option("env", env, "Environment, e.g. alpha")->required();
  cmd.add_option("set", set, "Config set, e.g. app-config")->required();
}

void AddSet(CLI::App& config, Context& ctx) {
  auto args = std::make_shared<SetArgs>();
  CLI::App* cmd = config.add_subcommand(
      "set", "Write the next version of a config set: the latest one with these changes");
  AddEnvAndSet(*cmd, args->env, args->set);
  cmd->add_option("pairs", args->assignments, "KEY=VALUE to set");
  AddProjectOption(*cmd, args->project);
  cmd->add_option("--file", args->files, "NAME=PATH: a file of the set, read from PATH");
  cmd->add_option("--unset", args->unset, "A key (or file) to remove");
  cmd->add_option("-m,--message", args->message, "Why (kept in the history)");
  cmd->callback([&ctx, args] { ctx.Finish(SetConfig(ctx, *args)); });
}

}  // namespace

void AddConfigCommand(CLI::App& app, Context& ctx) {
  CLI::App* config = app.add_subcommand("config", "Versioned config sets per environment");
  config->require_subcommand(1);
  AddSet(*config, ctx);

  auto get_args = std::make_shared<GetArgs>();
  CLI::App* get = config->add_subcommand("get", "Show a config set (default: the latest version)");
  AddEnvAndSet(*get, get_args->env, get_args->set);
  AddProjectOption(*get, get_args->project);
  get->add_option("--version", get_args->version, "Version")->check(CLI::PositiveNumber);
  get->callback([&ctx, get_args] { ctx.Finish(GetConfig(ctx, *get_args)); });

  auto history_args = std::make_shared<HistoryArgs>();
  CLI::App* history =
      config->add_subcommand("history", "Versions of a config set and the keys each changed");
  AddEnvAndSet(*history, history_args->env, history_args->set);
  AddProjectOption(*history, history_args->project);
  AddListOptions(*history, history_args->list);
  history->callback([&ctx, history_args] { ctx.Finish(ConfigHistory(ctx, *history_args)); });
}

}  // namespace paved::cli
