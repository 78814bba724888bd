// `paved alerts list|show|ack|silence|unsilence|history|message` (docs/alerts.md).
#include <algorithm>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "cli/workload_view.h"
#include "core/status_macros.h"
#include "http/client.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

struct AlertListArgs {
  std::string ns, cluster, team, project, severity, state;
  ListArgs list;
};

struct AlertArgs {
  std::string fingerprint, comment, duration;
};

struct AlertHistoryArgs {
  std::string ns, cluster, since, until;
};

std::string AlertPath(const std::string& fingerprint, const std::string& action = "") {
  std::string path = "/alerts/" + http::UrlEncode(fingerprint);
  return action.empty() ? path : path + "/" + action;
}

// firing, acknowledged, silenced or resolved: what someone on call needs to know first.
std::string AlertState(const json& alert) {
  if (Text(alert, "status") == "resolved") return "resolved";
  if (alert.value("silenced", json()).is_object()) return "silenced";
  if (alert.value("acknowledged", json()).is_object()) return "acknowledged";
  return "firing";
}

// "mina.kim", "until 2026-11-24T14:00:00.000Z by mina.kim" or "".
std::string Handled(const json& alert) {
  const json silenced = alert.value("silenced", json());
  if (silenced.is_object()) {
    return absl::StrCat("silenced until ", Text(silenced, "until"), " by ", Text(silenced, "by"));
  }
  const json acked = alert.value("acknowledged", json());
  if (acked.is_object()) return absl::StrCat("acknowledged by ", Text(acked, "by"));
  return "";
}

std::string RenderAlerts(const json& items, absl::Time now) {
  Table table({"FINGERPRINT", "ALERT", "SEVERITY", "GROUP", "TEAM", "STATE", "SINCE", "BY"});
  for (const auto& a : items) {
    const json acked = a.value("acknowledged", json());
    const json silenced = a.value("silenced", json());
    std::string by =
        silenced.is_object() ? Text(silenced, "by") : (acked.is_object() ? Text(acked, "by") : "");
    table.AddRow({Text(a, "fingerprint"), Text(a, "alertname"), Text(a, "severity"),
                  Text(a, "group"), Text(a, "team"), AlertState(a),
                  FormatAge(Text(a, "starts_at"), now), by});
  }
  return table.Render();
}

std::string RenderAlert(const json& a) {
  std::string out = RenderFields({{"Fingerprint", Text(a, "fingerprint")},
                                  {"Alert", Text(a, "alertname")},
                                  {"Severity", Text(a, "severity")},
                                  {"State", AlertState(a)},
                                  {"Handled", Handled(a)},
                                  {"Group", Text(a, "group")},
                                  {"Team", Text(a, "team")},
                                  {"Project", Text(a, "project")},
                                  {"Source", Text(a, "source")},
                                  {"Started", Text(a, "starts_at")},
                                  {"Resolved", Text(a, "resolved_at")},
                                  {"Source URL", Text(a, "generator_url")}});
  Table annotations({"ANNOTATION", "VALUE"}, 200);
  const json annotation_set = a.value("annotations", json::object());
  if (annotation_set.is_object()) {
    for (const auto& [key, value] : annotation_set.items()) {
      annotations.AddRow({key, value.is_string() ? value.get<std::string>() : value.dump()});
    }
  }
  if (annotations.row_count() > 0) absl::StrAppend(&out, "\n", annotations.Render());
  Table labels({"LABEL", "VALUE"}, 120);
  const json label_set = a.value("labels", json::object());
  for (const auto& [key, value] : label_set.items()) {
    labels.AddRow({key, value.is_string() ? value.get<std::string>() : value.dump()});
  }
  if (labels.row_count() > 0) absl::StrAppend(&out, "\n", labels.Render());
  Table events({"AT", "KIND", "ACTOR"});
  const json event_list = a.value("events", json::array());
  for (const auto& e : event_list) {
    events.AddRow({Text(e, "at"), Text(e, "kind"), Text(e, "actor")});
  }
  if (events.row_count() > 0) absl::StrAppend(&out, "\n", events.Render());
  return out;
}

std::string RenderHistory(const json& history) {
  const json owner = history.value("owner", json());
  std::string owner_text = "unowned";
  if (owner.is_object()) {
    owner_text = Text(owner.value("team", json()), "slug");
    if (!Text(owner, "project").empty())
      absl::StrAppend(&owner_text, " / ", Text(owner, "project"));
  }
  std::string out = RenderFields({{"Group", Text(history, "group")},
                                  {"Owner", owner_text},
                                  {"On-call", owner.is_object() ? Text(owner, "oncall") : ""}});
  // Several clusters' groups in one timeline: say which cluster each alert event is from.
  const json groups = history.value("groups", json::array());
  const bool clusters = groups.is_array() && groups.size() > 1;
  Table table(clusters ? std::vector<std::string>{"AT", "CLUSTER", "KIND", "ALERT", "ACTOR", "TEXT"}
                       : std::vector<std::string>{"AT", "KIND", "ALERT", "ACTOR", "TEXT"},
              100);
  const json items = history.value("items", json::array());
  for (const auto& item : items) {
    std::vector<std::string> row = {Text(item, "at"), Text(item, "kind"), Text(item, "alertname"),
                                    Text(item, "actor"), Text(item, "text")};
    if (clusters) {
      std::string group = Text(item, "group");
      row.insert(row.begin() + 1, group.substr(0, group.find('/')));
    }
    table.AddRow(std::move(row));
  }
  if (table.row_count() == 0) return out + "\nNothing happened in this period.\n";
  return absl::StrCat(out, "\n", table.Render());
}

absl::Status List(Context& ctx, const AlertListArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json list, api.List("/alerts",
                                       {{"namespace", args.ns},
                                        {"cluster", args.cluster},
                                        {"team", args.team},
                                        {"project", args.project},
                                        {"severity", absl::AsciiStrToLower(args.severity)},
                                        {"state", args.state}},
                                       args.list.limit, args.list.cursor));
  PrintList(ctx, list, RenderAlerts(list["items"], ctx.env().now()), "alerts");
  return absl::OkStatus();
}

absl::Status Show(Context& ctx, const AlertArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json alert, api.Get(AlertPath(args.fingerprint)));
  ctx.Print(alert, RenderAlert(alert));
  return absl::OkStatus();
}

// ack, silence or unsilence; prints the alert's new state in one line.
absl::Status Control(Context& ctx, const AlertArgs& args, const std::string& action) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  json body = json::object();
  if (!args.comment.empty()) body["comment"] = args.comment;
  if (action == "silence") body["duration"] = args.duration;
  ASSIGN_OR_RETURN(json alert, api.Post(AlertPath(args.fingerprint, action), body));
  std::string handled = Handled(alert);
  ctx.Print(alert, absl::StrCat("alert ", args.fingerprint, " (", Text(alert, "alertname"),
                                "): ", handled.empty() ? AlertState(alert) : handled, "\n"));
  return absl::OkStatus();
}

absl::Status History(Context& ctx, const AlertHistoryArgs& args) {
  ASSIGN_OR_RETURN(std::string since, ResolveTime("--since", args.since, ctx.env().now()));
  ASSIGN_OR_RETURN(std::string until, ResolveTime("--until", args.until, ctx.env().now()));
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json history, api.Get(WithQuery("/alerts/history", {{"namespace", args.ns},
                                                                       {"cluster", args.cluster},
                                                                       {"since", since},
                                                                       {"until", until}})));
  ctx.Print(history, RenderHistory(history));
  return absl::OkStatus();
}

// The clusters with alerts in namespace `ns` (a group is CLUSTER/NAMESPACE).
absl::StatusOr<std::vector<std::string>> ClustersOf(ApiClient& api, const std::string& ns) {
  ASSIGN_OR_RETURN(json list, api.List("/alerts", {{"namespace", ns}}, 1000));
  std::vector<std::string> clusters;
  for (const json& a : list["items"]) {
    const std::string c = Text(a, "cluster");
    if (std::find(clusters.begin(), clusters.end(), c) == clusters.end()) clusters.push_back(c);
  }
  return clusters;
}

std::string RenderMessage(const json& message) {
  const json to = message.value("destination", json::object());
  std::string text;
  for (const std::string& line : LogLines(Text(message, "text"))) {
    absl::StrAppend(&text, line, "\n");
  }
  return absl::StrCat(RenderFields({{"Group", Text(message, "group")},
                                    {"Chat", Text(message, "chat")},
                                    {"Channel", Text(to, "channel")},
                                    {"Mention", Text(to, "mention")},
                                    {"Notify", Text(to, "notify")},
                                    {"Unowned", Text(to, "unowned")}}),
                      "\n", text);
}

// `alerts message`: each group's chat message as Paved would post it now, and where to; without
// --cluster, one per cluster with alerts in the namespace.
absl::Status Message(Context& ctx, const AlertHistoryArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  std::vector<std::string> clusters = {args.cluster};
  if (args.cluster.empty()) {
    ASSIGN_OR_RETURN(clusters, ClustersOf(api, args.ns));
    if (clusters.empty()) clusters = {""};  // the server says there is nothing
  }
  json messages = json::array();
  std::string human;
  for (const std::string& cluster : clusters) {
    ASSIGN_OR_RETURN(
        json message,
        api.Get(WithQuery("/alerts/message", {{"namespace", args.ns}, {"cluster", cluster}})));
    absl::StrAppend(&human, human.empty() ? "" : "\n", RenderMessage(message));
    messages.push_back(std::move(message));
  }
  ctx.Print(messages.size() == 1 ? messages[0] : json{{"items", messages}}, human);
  return absl::OkStatus();
}

void AddMessage(CLI::App& group, Context& ctx) {
  auto args = std::make_shared<AlertHistoryArgs>();
  CLI::App* cmd = group.add_subcommand(
      "message", "A namespace's chat message as Paved posts it (also before chat is set up)");
  cmd->add_option("--namespace", args->ns, "Namespace")->required();
  cmd->add_option("--cluster", args->cluster, "Cluster");
  cmd->callback([&ctx, args] { ctx.Finish(Message(ctx, *args)); });
}

void AddList(CLI::App& group, Context& ctx) {
  auto args = std::make_shared<AlertListArgs>();
  CLI::App* cmd = group.add_subcommand("list", "Alerts, with filters");
  cmd->add_option("--namespace", args->ns, "Only this namespace");
  cmd->add_option("--cluster", args->cluster, "Only this cluster");
  cmd->add_option("--team", args->team, "Only alerts owned by this team");
  cmd->add_option("-p,--project", args->project, "Only alerts of this project");
  cmd->add_option("--severity", args->severity, "Only this severity, e.g. critical");
  cmd->add_option("--state", args->state, "firing, resolved, acknowledged, silenced or unowned")
      ->check(CLI::IsMember({"firing", "resolved", "acknowledged", "silenced", "unowned"}));
  AddListOptions(*cmd, args->list);
  cmd->callback([&ctx, args] { ctx.Finish(List(ctx, *args)); });
}

// `NAME FINGERPRINT`, for show and the control subcommands.
CLI::App* AddOne(CLI::App& group, const char* name, const char* help, AlertArgs& args) {
  CLI::App* cmd = group.add_subcommand(name, help);
  cmd->add_option("fingerprint", args.fingerprint, "Alert fingerprint (16 hex digits)")->required();
  return cmd;
}

void AddControl(CLI::App& group, Context& ctx) {
  struct Spec {
    const char* name;
    const char* help;
  };
  for (Spec spec : {Spec{"ack", "Acknowledge an alert"},
                    Spec{"silence", "Silence an alert for a while (--for 2h)"},
                    Spec{"unsilence", "End an alert's silence"}}) {
    auto args = std::make_shared<AlertArgs>();
    CLI::App* cmd = AddOne(group, spec.name, spec.help, *args);
    cmd->add_option("-m,--comment", args->comment, "Recorded in the audit log");
    const std::string action = spec.name;
    if (action == "silence") {
      cmd->add_option("--for", args->duration, "How long: 1m to 30d, e.g. 30m, 2h, 7d")->required();
    }
    cmd->callback([&ctx, args, action] { ctx.Finish(Control(ctx, *args, action)); });
  }
}

void AddHistory(CLI::App& group, Context& ctx) {
  auto args = std::make_shared<AlertHistoryArgs>();
  CLI::App* cmd = group.add_subcommand(
      "history", "A namespace's alerts with its project's deploys and config changes");
  cmd->add_option("--namespace", args->ns, "Namespace")->required();
  cmd->add_option("--cluster", args->cluster, "Cluster");
  cmd->add_option("--since", args->since,
                  "From: an age (30m, 1h, 2d) or an RFC 3339 time "
                  "(default: a day ago)");
  cmd->add_option("--until", args->until, "To: an age or an RFC 3339 time (default: now)");
  cmd->callback([&ctx, args] { ctx.Finish(History(ctx, *args)); });
}

}  // namespace

void AddAlertsCommand(CLI::App& app, Context& ctx) {
  CLI::App* group = app.add_subcommand("alerts", "Alerts: list, acknowledge, silence, history");
  group->require_subcommand(1);
  AddList(*group, ctx);
  auto show = std::make_shared<AlertArgs>();
  AddOne(*group, "show", "An alert with its labels and events", *show)->callback([&ctx, show] {
    ctx.Finish(Show(ctx, *show));
  });
  AddControl(*group, ctx);
  AddHistory(*group, ctx);
  AddMessage(*group, ctx);
}

}  // namespace paved::cli
