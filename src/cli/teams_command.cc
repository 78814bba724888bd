#include <memory>
#include <ostream>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "core/status_macros.h"
#include "http/client.h"

namespace paved::cli {
namespace {

struct TeamsListArgs {
  std::string q;
  ListArgs list;
};

struct TeamCreateArgs {
  std::string slug, name, description, chat_channel;
};

absl::Status ListTeams(Context& ctx, const TeamsListArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(nlohmann::json list,
                   api.List("/teams", {{"q", args.q}}, args.list.limit, args.list.cursor));
  Table table({"SLUG", "NAME", "MEMBERS", "PROJECTS", "CHANNEL", "AGE"});
  for (const auto& team : list["items"]) {
    table.AddRow({Text(team, "slug"), Text(team, "name"), Text(team, "member_count"),
                  Text(team, "project_count"), Text(team, "chat_channel"),
                  FormatAge(Text(team, "created_at"), ctx.env().now())});
  }
  PrintList(ctx, list, table.Render(), "teams");
  return absl::OkStatus();
}

absl::Status CreateTeam(Context& ctx, const TeamCreateArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  nlohmann::json body = {{"slug", args.slug}, {"name", args.name}};
  if (!args.description.empty()) body["description"] = args.description;
  if (!args.chat_channel.empty()) body["chat_channel"] = args.chat_channel;
  ASSIGN_OR_RETURN(nlohmann::json team, api.Post("/teams", body));
  ctx.Print(team, absl::StrCat("team/", Text(team, "slug"), " created\n"));
  return absl::OkStatus();
}

std::string RenderTeam(const nlohmann::json& team) {
  std::string out = RenderFields({{"Slug", Text(team, "slug")},
                                  {"Name", Text(team, "name")},
                                  {"Description", Text(team, "description")},
                                  {"Chat channel", Text(team, "chat_channel")},
                                  {"Created", Text(team, "created_at")},
                                  {"Updated", Text(team, "updated_at")}});
  Table members({"MEMBER", "ROLE"});
  for (const auto& member : team.value("members", nlohmann::json::array())) {
    members.AddRow({Text(member, "login"), Text(member, "role")});
  }
  Table projects({"PROJECT", "NAME"});
  for (const auto& project : team.value("projects", nlohmann::json::array())) {
    projects.AddRow({Text(project, "slug"), Text(project, "name")});
  }
  if (members.row_count() > 0) absl::StrAppend(&out, "\n", members.Render());
  if (projects.row_count() > 0) absl::StrAppend(&out, "\n", projects.Render());
  return out;
}

absl::Status ShowTeam(Context& ctx, const std::string& slug) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(nlohmann::json team, api.Get("/teams/" + http::UrlEncode(slug)));
  ctx.Print(team, RenderTeam(team));
  return absl::OkStatus();
}

struct MemberArgs {
  std::string team, login;
};

absl::Status AddMember(Context& ctx, const MemberArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(
      nlohmann::json answer,
      api.Post("/teams/" + http::UrlEncode(args.team) + "/members", {{"login", args.login}}));
  ctx.Print(answer, absl::StrCat(args.login, " added to team/", args.team, "\n"));
  return absl::OkStatus();
}

absl::Status RemoveMember(Context& ctx, const MemberArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  RETURN_IF_ERROR(api.Delete("/teams/" + http::UrlEncode(args.team) + "/members/" +
                             http::UrlEncode(args.login)));
  ctx.Print({{"team", args.team}, {"login", args.login}, {"removed", true}},
            absl::StrCat(args.login, " removed from team/", args.team, "\n"));
  return absl::OkStatus();
}

void AddMemberCommands(CLI::App& teams, Context& ctx) {
  auto add = std::make_shared<MemberArgs>();
  CLI::App* cmd = teams.add_subcommand("add-member", "Add a user to a team (sre, admin)");
  cmd->add_option("team", add->team, "Team slug")->required();
  cmd->add_option("login", add->login, "The user's login")->required();
  cmd->callback([&ctx, add] { ctx.Finish(AddMember(ctx, *add)); });

  auto remove = std::make_shared<MemberArgs>();
  cmd = teams.add_subcommand("remove-member", "Remove a user from a team (sre, admin)");
  cmd->add_option("team", remove->team, "Team slug")->required();
  cmd->add_option("login", remove->login, "The user's login")->required();
  cmd->callback([&ctx, remove] { ctx.Finish(RemoveMember(ctx, *remove)); });
}

}  // namespace

void AddTeamsCommand(CLI::App& app, Context& ctx) {
  CLI::App* teams =
      app.add_subcommand("teams", "List, show and create teams; add and remove members");
  teams->require_subcommand(1);

  auto list_args = std::make_shared<TeamsListArgs>();
  CLI::App* list = teams->add_subcommand("list", "List teams");
  list->add_option("--q", list_args->q, "Only teams whose slug or name contains this text");
  AddListOptions(*list, list_args->list);
  list->callback([&ctx, list_args] { ctx.Finish(ListTeams(ctx, *list_args)); });

  auto create_args = std::make_shared<TeamCreateArgs>();
  CLI::App* create = teams->add_subcommand("create", "Create a team (sre, admin)");
  create->add_option("slug", create_args->slug, "Team slug, e.g. ads")->required();
  create->add_option("--name", create_args->name, "Display name")->required();
  create->add_option("--description", create_args->description, "What the team does");
  create->add_option("--chat-channel", create_args->chat_channel, "Chat channel, e.g. #ads");
  create->callback([&ctx, create_args] { ctx.Finish(CreateTeam(ctx, *create_args)); });

  auto show_slug = std::make_shared<std::string>();
  CLI::App* show = teams->add_subcommand("show", "Show a team with its members and projects");
  show->add_option("slug", *show_slug, "Team slug")->required();
  show->callback([&ctx, show_slug] { ctx.Finish(ShowTeam(ctx, *show_slug)); });

  AddMemberCommands(*teams, ctx);
}

}  // namespace paved::cli
