#include <memory>
#include <ostream>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "core/status_macros.h"
#include "http/client.h"

namespace paved::cli {
namespace {

using nlohmann::json;

struct OpenArgs {
  std::string project, title, severity, alert_group;
};

struct ListArgsOfIncidents {
  std::string project, state, team;
};

struct ActionArgs {
  std::string id, add, owner, owner_team, due;
  int done = 0;
};

struct TextArgs {
  std::string id, text, panel_title, promql, unit;
  std::string rule, expr, for_duration, severity = "warning";
};

std::string IncidentPath(const std::string& id, const std::string& tail = "") {
  return absl::StrCat("/incidents/", http::UrlEncode(id), tail);
}

std::string Summary(const json& i) {
  return absl::StrCat("incident ", Text(i, "id"), " (", Text(i, "project"), ", ",
                      Text(i, "severity"), ", ", Text(i, "state"), "): ", Text(i, "title"), "\n");
}

absl::Status Open(Context& ctx, const OpenArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  json body = json::object();
  for (const auto& [key, value] :
       {std::pair<const char*, const std::string&>{"project", args.project},
        {"title", args.title},
        {"severity", args.severity},
        {"alert_group", args.alert_group}}) {
    if (!value.empty()) body[key] = value;
  }
  ASSIGN_OR_RETURN(json i, api.Post("/incidents", body));
  ctx.Print(i, "opened " + Summary(i));
  return absl::OkStatus();
}

absl::Status List(Context& ctx, const ListArgsOfIncidents& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(
      json list,
      api.Get(WithQuery("/incidents",
                        {{"project", args.project}, {"team", args.team}, {"state", args.state}})));
  Table table({"ID", "PROJECT", "SEVERITY", "STATE", "STARTED", "TITLE"});
  for (const auto& i : list["items"]) {
    table.AddRow({Text(i, "id"), Text(i, "project"), Text(i, "severity"), Text(i, "state"),
                  Text(i, "started_at"), Text(i, "title")});
  }
  ctx.Print(list, table.row_count() > 0 ? table.Render() : "no incidents\n");
  return absl::OkStatus();
}

std::string RenderIncident(const json& i, const json& timeline) {
  std::string out = Summary(i);
  absl::StrAppend(&out, "started ", Text(i, "started_at"), ", opened by ", Text(i, "opened_by"),
                  "\n\nTimeline:\n");
  Table events({"AT", "KIND", "ACTOR", "TEXT"});
  for (const auto& e : timeline["items"]) {
    events.AddRow({Text(e, "at"), Text(e, "kind"), Text(e, "actor"), Text(e, "text")});
  }
  absl::StrAppend(&out, events.Render(), "\nWhys:\n");
  int n = 0;
  for (const auto& why : i["whys"])
    absl::StrAppend(&out, "  ", ++n, ". ", why.get<std::string>(), "\n");
  absl::StrAppend(&out, "\nContributing factors:\n");
  for (const auto& f : i["factors"]) absl::StrAppend(&out, "  - ", f.get<std::string>(), "\n");
  absl::StrAppend(&out, "\nLessons:\n");
  for (const auto& l : i["lessons"]) absl::StrAppend(&out, "  - ", Text(l, "text"), "\n");
  absl::StrAppend(&out, "\nActions:\n");
  Table actions({"#", "STATE", "OWNER", "DUE", "TITLE"});
  for (const auto& a : i["actions"]) {
    actions.AddRow(
        {Text(a, "number"), Text(a, "state"), Text(a, "owner"), Text(a, "due"), Text(a, "title")});
  }
  absl::StrAppend(&out, actions.row_count() > 0 ? actions.Render() : "  none\n");
  return out;
}

absl::Status Show(Context& ctx, const std::string& id) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json i, api.Get(IncidentPath(id)));
  ASSIGN_OR_RETURN(json timeline, api.Get(IncidentPath(id, "/timeline")));
  ctx.Print({{"incident", i}, {"timeline", timeline}}, RenderIncident(i, timeline));
  return absl::OkStatus();
}

absl::Status Action(Context& ctx, const ActionArgs& args) {
  if (args.add.empty() == (args.done == 0)) {
    return absl::InvalidArgumentError("give --add \"title\" (with --owner and --due) or --done N");
  }
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  json i;
  if (args.done > 0) {
    json body = {{"state", "done"}};
    ASSIGN_OR_RETURN(
        i, api.Call("PATCH", IncidentPath(args.id, absl::StrCat("/actions/", args.done)), &body));
    ctx.Print(i, absl::StrCat("action ", args.done, " done\n"));
    return absl::OkStatus();
  }
  json body = {{"title", args.add}, {"due", args.due}};
  if (!args.owner.empty()) body["owner"] = args.owner;
  if (!args.owner_team.empty()) body["owner_team"] = args.owner_team;
  ASSIGN_OR_RETURN(i, api.Post(IncidentPath(args.id, "/actions"), body));
  const json& added = i["actions"].back();
  ctx.Print(i, absl::StrCat("action ", Text(added, "number"), " added: ", Text(added, "title"),
                            " (", Text(added, "owner"), ", due ", Text(added, "due"), ")\n"));
  return absl::OkStatus();
}

absl::Status Why(Context& ctx, const TextArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json i, api.Get(IncidentPath(args.id)));
  json whys = i["whys"];
  whys.push_back(args.text);
  json body = {{"whys", whys}};
  ASSIGN_OR_RETURN(i, api.Call("PATCH", IncidentPath(args.id), &body));
  ctx.Print(i, absl::StrCat("why ", i["whys"].size(), ": ", args.text, "\n"));
  return absl::OkStatus();
}

absl::Status Lesson(Context& ctx, const TextArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  json body = {{"text", args.text}};
  if (!args.panel_title.empty() || !args.promql.empty()) {
    body["panel"] = {{"title", args.panel_title}, {"promql", args.promql}};
    if (!args.unit.empty()) body["panel"]["unit"] = args.unit;
  }
  if (!args.rule.empty() || !args.expr.empty()) {
    body["rule"] = {{"name", args.rule}, {"expr", args.expr}, {"severity", args.severity}};
    if (!args.for_duration.empty()) body["rule"]["for"] = args.for_duration;
  }
  ASSIGN_OR_RETURN(json i, api.Post(IncidentPath(args.id, "/lessons"), body));
  ctx.Print(i, absl::StrCat("lesson ", i["lessons"].size(), " added\n"));
  return absl::OkStatus();
}

absl::Status Export(Context& ctx, const std::string& id) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(std::string md, api.GetText(IncidentPath(id, "/export.md"), "text/markdown"));
  ctx.out() << md;
  return absl::OkStatus();
}

void AddOpen(CLI::App& incidents, Context& ctx) {
  auto args = std::make_shared<OpenArgs>();
  CLI::App* open = incidents.add_subcommand(
      "open", "Open an incident of a project, by hand or --from-alert GROUP (cluster/namespace)");
  open->add_option("-p,--project", args->project, "Project slug (found from --from-alert)")
      ->envname("PAVED_PROJECT");
  open->add_option("--title", args->title, "Title (from the alert names with --from-alert)");
  open->add_option("--from-alert", args->alert_group, "Alert group <cluster>/<namespace>");
  open->add_option("--severity", args->severity, "sev1 (worst) … sev4");
  open->callback([&ctx, args] { ctx.Finish(Open(ctx, *args)); });
}

void AddList(CLI::App& incidents, Context& ctx) {
  auto args = std::make_shared<ListArgsOfIncidents>();
  CLI::App* list = incidents.add_subcommand("list", "Incidents, newest first");
  list->add_option("-p,--project", args->project, "Only this project");
  list->add_option("--team", args->team, "Only projects of this team");
  list->add_option("--state", args->state, "open, mitigated or resolved");
  list->callback([&ctx, args] { ctx.Finish(List(ctx, *args)); });
}

void AddActionCommand(CLI::App& incidents, Context& ctx) {
  auto args = std::make_shared<ActionArgs>();
  CLI::App* action = incidents.add_subcommand(
      "action",
      "Add a follow-up action (--add TITLE --owner USER|--owner-team TEAM --due DAY) "
      "or mark one done (--done N)");
  action->add_option("id", args->id, "Incident id")->required();
  action->add_option("--add", args->add, "Title of a new action");
  action->add_option("--owner", args->owner, "Owner: a user's login");
  action->add_option("--owner-team", args->owner_team, "Owner: a team's slug");
  action->add_option("--due", args->due, "Due day YYYY-MM-DD");
  action->add_option("--done", args->done, "Number of the action that is done");
  action->callback([&ctx, args] { ctx.Finish(Action(ctx, *args)); });
}

void AddTextCommands(CLI::App& incidents, Context& ctx) {
  auto why_args = std::make_shared<TextArgs>();
  CLI::App* why = incidents.add_subcommand("why", "Add the next of the five whys");
  why->add_option("id", why_args->id, "Incident id")->required();
  why->add_option("text", why_args->text, "Why")->required();
  why->callback([&ctx, why_args] { ctx.Finish(Why(ctx, *why_args)); });

  auto lesson_args = std::make_shared<TextArgs>();
  CLI::App* lesson = incidents.add_subcommand(
      "lesson",
      "Add a lesson, optionally with a dashboard panel (--panel-title, --promql) and an alert "
      "rule (--rule, --expr)");
  lesson->add_option("id", lesson_args->id, "Incident id")->required();
  lesson->add_option("text", lesson_args->text, "What it taught")->required();
  lesson->add_option("--panel-title", lesson_args->panel_title, "Title of the panel to add");
  lesson->add_option("--promql", lesson_args->promql, "PromQL of the panel to add");
  lesson->add_option("--unit", lesson_args->unit, "Grafana unit of the panel (s, percentunit)");
  lesson->add_option("--rule", lesson_args->rule, "Name of the alert rule to add (PoolExhausted)");
  lesson->add_option("--expr", lesson_args->expr, "PromQL of the alert rule");
  lesson->add_option("--for", lesson_args->for_duration, "How long it must hold (5m)");
  lesson
      ->add_option("--severity", lesson_args->severity,
                   "critical (pages the team), warning or info")
      ->capture_default_str();
  lesson->callback([&ctx, lesson_args] { ctx.Finish(Lesson(ctx, *lesson_args)); });
}

}  // namespace

void AddIncidentsCommand(CLI::App& app, Context& ctx) {
  CLI::App* incidents =
      app.add_subcommand("incidents", "Incidents: open, list, show, action, why, lesson, export");
  incidents->require_subcommand(1);
  AddOpen(*incidents, ctx);
  AddList(*incidents, ctx);
  auto show_id = std::make_shared<std::string>();
  CLI::App* show = incidents->add_subcommand("show", "An incident: timeline, whys, actions");
  show->add_option("id", *show_id, "Incident id")->required();
  show->callback([&ctx, show_id] { ctx.Finish(Show(ctx, *show_id)); });
  AddActionCommand(*incidents, ctx);
  AddTextCommands(*incidents, ctx);
  auto export_id = std::make_shared<std::string>();
  CLI::App* exported = incidents->add_subcommand("export", "The incident as Markdown on stdout");
  exported->add_option("id", *export_id, "Incident id")->required();
  exported->callback([&ctx, export_id] { ctx.Finish(Export(ctx, *export_id)); });
}

}  // namespace paved::cli
