// `paved users create|list|set-role` (admin; list also sre) and `paved targets get|set`.
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "core/status_macros.h"
#include "http/client.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

const std::vector<std::string> kRoles = {"admin", "sre", "developer", "viewer"};

struct UserArgs {
  std::string login, role;
  ListArgs list;
};

absl::Status CreateUser(Context& ctx, const UserArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  // The password never goes on the command line: a prompt without echo, or a line of stdin.
  ASSIGN_OR_RETURN(std::string password,
                   ctx.env().read_line("Password for " + args.login + ": ", true));
  if (password.empty()) return absl::InvalidArgumentError("the password is empty");
  ASSIGN_OR_RETURN(
      json user,
      api.Post("/users", {{"login", args.login}, {"password", password}, {"role", args.role}}));
  ctx.Print(user,
            absl::StrCat("user/", Text(user, "login"), " created (", Text(user, "role"), ")\n"));
  return absl::OkStatus();
}

absl::Status ListUsers(Context& ctx, const UserArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json list, api.List("/users", {}, args.list.limit, args.list.cursor));
  Table table({"LOGIN", "ROLE", "DISABLED", "TEAMS", "AGE"});
  for (const json& u : list["items"]) {
    table.AddRow({Text(u, "login"), Text(u, "role"), Text(u, "disabled"), Text(u, "teams"),
                  FormatAge(Text(u, "created_at"), ctx.env().now())});
  }
  PrintList(ctx, list, table.Render(), "users");
  return absl::OkStatus();
}

absl::Status SetRole(Context& ctx, const UserArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  const json body = {{"role", args.role}};
  ASSIGN_OR_RETURN(json user, api.Call("PATCH", "/users/" + http::UrlEncode(args.login), &body));
  ctx.Print(user, absl::StrCat("user/", args.login, " is now ", Text(user, "role"), "\n"));
  return absl::OkStatus();
}

struct TargetsArgs {
  std::string project;
  std::vector<std::string> clusters;
};

std::string RenderClusters(const json& items) {
  Table table({"CLUSTER", "ENV", "REGION", "RUNTIME"});
  for (const json& c : items) {
    table.AddRow({Text(c, "name"), Text(c, "environment"), Text(c, "region"), Text(c, "runtime")});
  }
  return table.Render();
}

absl::Status GetTargets(Context& ctx, const TargetsArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json answer, api.Get(ProjectPath(args.project, {"targets"})));
  PrintList(ctx, answer, RenderClusters(answer["items"]), "targets");
  return absl::OkStatus();
}

absl::Status SetTargets(Context& ctx, const TargetsArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  const json body = {{"clusters", args.clusters}};
  ASSIGN_OR_RETURN(json answer, api.Call("PUT", ProjectPath(args.project, {"targets"}), &body));
  ctx.Print(answer, RenderClusters(answer.value("items", json::array())));
  return absl::OkStatus();
}

}  // namespace

void AddUsersCommand(CLI::App& app, Context& ctx) {
  CLI::App* users = app.add_subcommand("users", "Create and list users, change roles");
  users->require_subcommand(1);

  auto create = std::make_shared<UserArgs>();
  CLI::App* cmd =
      users->add_subcommand("create", "Create a user (admin); the password is asked for");
  cmd->add_option("login", create->login, "Login, e.g. mina.kim")->required();
  cmd->add_option("--role", create->role, "admin, sre, developer or viewer")
      ->required()
      ->transform(CLI::IsMember(kRoles, CLI::ignore_case));
  cmd->callback([&ctx, create] { ctx.Finish(CreateUser(ctx, *create)); });

  auto list = std::make_shared<UserArgs>();
  cmd = users->add_subcommand("list", "Users with their roles and teams (admin, sre)");
  AddListOptions(*cmd, list->list);
  cmd->callback([&ctx, list] { ctx.Finish(ListUsers(ctx, *list)); });

  auto role = std::make_shared<UserArgs>();
  cmd = users->add_subcommand("set-role", "Change a user's role (admin)");
  cmd->add_option("login", role->login, "Login")->required();
  cmd->add_option("role", role->role, "admin, sre, developer or viewer")
      ->required()
      ->transform(CLI::IsMember(kRoles, CLI::ignore_case));
  cmd->callback([&ctx, role] { ctx.Finish(SetRole(ctx, *role)); });
}

void AddTargetsCommand(CLI::App& app, Context& ctx) {
  CLI::App* targets = app.add_subcommand("targets", "The clusters a project deploys to");
  targets->require_subcommand(1);

  auto get = std::make_shared<TargetsArgs>();
  CLI::App* cmd = targets->add_subcommand("get", "The project's target clusters");
  AddProjectOption(*cmd, get->project);
  cmd->callback([&ctx, get] { ctx.Finish(GetTargets(ctx, *get)); });

  auto set = std::make_shared<TargetsArgs>();
  cmd = targets->add_subcommand("set", "Replace the project's target clusters");
  AddProjectOption(*cmd, set->project);
  cmd->add_option("clusters", set->clusters, "Cluster names (also comma separated)")
      ->required()
      ->delimiter(',');
  cmd->callback([&ctx, set] { ctx.Finish(SetTargets(ctx, *set)); });
}

}  // namespace paved::cli
