#include <memory>
#include <ostream>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "core/status_macros.h"
#include "http/client.h"

namespace paved::cli {
namespace {

struct ProjectsListArgs {
  std::string q, owner;
  ListArgs list;
};

struct ProjectCreateArgs {
  std::string slug, name, owner, description;
};

absl::Status ListProjects(Context& ctx, const ProjectsListArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(nlohmann::json list,
                   api.List("/projects", {{"q", args.q}, {"owner", args.owner}}, args.list.limit,
                            args.list.cursor));
  Table table({"SLUG", "NAME", "OWNER", "CREATOR", "AGE"});
  for (const auto& project : list["items"]) {
    table.AddRow({Text(project, "slug"), Text(project, "name"), Text(project, "owner_team"),
                  Text(project, "created_by"),
                  FormatAge(Text(project, "created_at"), ctx.env().now())});
  }
  PrintList(ctx, list, table.Render(), "projects");
  return absl::OkStatus();
}

absl::Status CreateProject(Context& ctx, const ProjectCreateArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  nlohmann::json body = {{"slug", args.slug}, {"name", args.name}, {"owner_team", args.owner}};
  if (!args.description.empty()) body["description"] = args.description;
  ASSIGN_OR_RETURN(nlohmann::json project, api.Post("/projects", body));
  ctx.Print(project, absl::StrCat("project/", Text(project, "slug"), " created\n"));
  return absl::OkStatus();
}

struct ProjectTransferArgs {
  std::string slug, to, reason;
};

absl::Status TransferProject(Context& ctx, const ProjectTransferArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(nlohmann::json answer,
                   api.Post("/projects/" + http::UrlEncode(args.slug) + "/transfer",
                            {{"to_team", args.to}, {"reason", args.reason}}));
  ctx.Print(answer, absl::StrCat("project/", args.slug, " transferred to ", args.to, "\n"));
  return absl::OkStatus();
}

absl::Status ShowProject(Context& ctx, const std::string& slug) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(nlohmann::json project, api.Get("/projects/" + http::UrlEncode(slug)));
  std::vector<std::pair<std::string, std::string>> fields = {
      {"Slug", Text(project, "slug")},
      {"Name", Text(project, "name")},
      {"Owner team", Text(project, "owner_team")}};
  // Catalog fields only when set.
  for (const auto& [label, key] : {std::pair{"Also owned", "owners"},
                                   {"Lifecycle", "lifecycle"},
                                   {"System", "system"},
                                   {"Tags", "tags"},
                                   {"Repository", "repo_url"},
                                   {"On-call", "oncall"},
                                   {"Orphaned", "orphaned_reason"}}) {
    const std::string value = Text(project, key);
    if (!value.empty()) fields.emplace_back(label, value);
  }
  fields.insert(fields.end(), {{"Description", Text(project, "description")},
                               {"Created by", Text(project, "created_by")},
                               {"Created", Text(project, "created_at")},
                               {"Updated", Text(project, "updated_at")}});
  ctx.Print(project, RenderFields(fields));
  return absl::OkStatus();
}

}  // namespace

void AddProjectsCommand(CLI::App& app, Context& ctx) {
  CLI::App* projects = app.add_subcommand("projects", "List, show, create and transfer projects");
  projects->require_subcommand(1);

  auto list_args = std::make_shared<ProjectsListArgs>();
  CLI::App* list = projects->add_subcommand("list", "List projects");
  list->add_option("--q", list_args->q, "Only projects whose slug or name contains this text");
  list->add_option("--owner", list_args->owner, "Only projects owned by this team");
  AddListOptions(*list, list_args->list);
  list->callback([&ctx, list_args] { ctx.Finish(ListProjects(ctx, *list_args)); });

  auto create_args = std::make_shared<ProjectCreateArgs>();
  CLI::App* create = projects->add_subcommand("create", "Create a project");
  create->add_option("slug", create_args->slug, "Project slug, e.g. chat-gateway")->required();
  create->add_option("--name", create_args->name, "Display name")->required();
  create->add_option("--owner", create_args->owner, "Owner team slug")->required();
  create->add_option("--description", create_args->description, "What the project is");
  create->callback([&ctx, create_args] { ctx.Finish(CreateProject(ctx, *create_args)); });

  auto show_slug = std::make_shared<std::string>();
  CLI::App* show = projects->add_subcommand("show", "Show one project");
  show->add_option("slug", *show_slug, "Project slug")->required();
  show->callback([&ctx, show_slug] { ctx.Finish(ShowProject(ctx, *show_slug)); });

  auto transfer_args = std::make_shared<ProjectTransferArgs>();
  CLI::App* transfer = projects->add_subcommand("transfer", "Hand a project to another team");
  transfer->add_option("slug", transfer_args->slug, "Project slug")->required();
  transfer->add_option("--to", transfer_args->to, "The new owner team's slug")->required();
  transfer->add_option("--reason", transfer_args->reason, "Why (kept in the ownership history)")
      ->required();
  transfer->callback([&ctx, transfer_args] { ctx.Finish(TransferProject(ctx, *transfer_args)); });
}

}  // namespace paved::cli
