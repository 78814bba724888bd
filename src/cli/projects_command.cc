#include <memory>
#include <optional>
#include <ostream>
#include <vector>

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

// `paved projects edit`: only the fields given are sent (PATCH); "" clears a text field.
struct ProjectEditArgs {
  std::string slug;
  std::optional<std::string> name, description, oncall, repo, lifecycle, system, type;
  std::optional<std::vector<std::string>> tags;
};

nlohmann::json EditBody(const ProjectEditArgs& args) {
  nlohmann::json body = nlohmann::json::object();
  for (const auto& [key, value] : {std::pair{"name", &args.name},
                                   {"description", &args.description},
                                   {"oncall", &args.oncall},
                                   {"repo_url", &args.repo},
                                   {"lifecycle", &args.lifecycle},
                                   {"system", &args.system},
                                   {"type", &args.type}}) {
    if (value->has_value()) body[key] = **value;
  }
  if (args.tags) {
    nlohmann::json tags = nlohmann::json::array();
    for (const std::string& t : *args.tags) {
      if (!t.empty()) tags.push_back(t);
    }
    body["tags"] = tags;
  }
  return body;
}

absl::Status EditProject(Context& ctx, const ProjectEditArgs& args) {
  const nlohmann::json body = EditBody(args);
  if (body.empty()) {
    return absl::InvalidArgumentError(
        "nothing to change: give --oncall, --repo, --lifecycle, --tags, --system, --type, --name "
        "or --description");
  }
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(nlohmann::json project,
                   api.Call("PATCH", "/projects/" + http::UrlEncode(args.slug), &body));
  ctx.Print(project, absl::StrCat("project/", args.slug, " updated\n"));
  return absl::OkStatus();
}

void AddEditCommand(CLI::App& projects, Context& ctx) {
  auto args = std::make_shared<ProjectEditArgs>();
  CLI::App* edit = projects.add_subcommand(
      "edit", "Change a project's catalog fields (what the scorecard checks)");
  edit->add_option("slug", args->slug, "Project slug")->required();
  edit->add_option("--oncall", args->oncall, "On-call contact, e.g. a rotation or @handle");
  edit->add_option("--repo", args->repo, "Source repository URL");
  edit->add_option("--lifecycle", args->lifecycle, "experimental, production or deprecated");
  edit->add_option("--tags", args->tags, "Tags, comma separated (replaces the list; \"\" clears)")
      ->delimiter(',')
      ->expected(0, -1);
  edit->add_option("--system", args->system, "The system it belongs to");
  edit->add_option("--type", args->type, "e.g. service, website, library");
  edit->add_option("--name", args->name, "Display name");
  edit->add_option("--description", args->description, "What the project is");
  edit->callback([&ctx, args] { ctx.Finish(EditProject(ctx, *args)); });
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
  CLI::App* projects =
      app.add_subcommand("projects", "List, show, create, edit and transfer projects");
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
  transfer->add_option("-m,--reason", transfer_args->reason, "Why (kept in the ownership history)")
      ->required();
  transfer->callback([&ctx, transfer_args] { ctx.Finish(TransferProject(ctx, *transfer_args)); });

  AddEditCommand(*projects, ctx);
}

}  // namespace paved::cli
