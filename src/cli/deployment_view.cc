#include "cli/deployment_view.h"

#include <map>
#include <ostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "cli/workload_view.h"
#include "core/status_macros.h"
#include "http/client.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

std::string Digest(const json& d) {
  if (!d.contains("artifact") || !d["artifact"].is_object()) return "";
  return ShortDigest(Text(d["artifact"], "digest"));
}

constexpr int kFailureLogLines = 20;

std::ostream& Progress(Context& ctx) { return ctx.global().json ? ctx.err() : ctx.out(); }

// What --wait remembers of one followed deployment.
struct Followed {
  json d;
  size_t steps_printed = 0;
};

// The approval advice for deployments pending approval, one line per region.
void PrintApprovalNeeded(Context& ctx, const std::map<std::string, Followed>& current) {
  std::map<std::string, std::vector<const json*>> by_region;
  for (const auto& [id, f] : current) {
    const json& d = f.d;
    if (Text(d, "state") == "pending_approval") by_region[Text(d, "region")].push_back(&d);
  }
  for (const auto& [region, items] : by_region) {
    std::vector<std::string> clusters;
    for (const json* d : items) clusters.push_back(Text(*d, "cluster"));
    const json& first = *items.front();
    Progress(ctx) << "waiting for approval in region " << region << " ("
                  << absl::StrJoin(clusters, ",") << "): an sre, an admin or a lead of the "
                  << "owner team other than " << Text(first, "requester") << " must run `paved "
                  << "deployments approve " << Text(first, "id") << "`\n";
  }
}

void PrintNewSteps(Context& ctx, Followed& f) {
  const json steps = f.d.value("steps", json::array());
  if (!steps.is_array()) return;
  for (; f.steps_printed < steps.size(); ++f.steps_printed) {
    const json& step = steps[f.steps_printed];
    const std::string detail = Text(step, "detail");
    Progress(ctx) << CleanCell(absl::StrCat(Text(f.d, "cluster"), " ", Text(f.d, "id"), ": step ",
                                            Text(step, "name"), " done",
                                            detail.empty() ? "" : " (" + detail + ")"),
                               0)
                  << "\n";
  }
}

// After a failed rollout: the last log lines of the cluster's instances (best effort) and the
// automatic rollback the server started, which is then followed too.
void ReportFailure(Context& ctx, ApiClient& api, const std::string& project, const json& d,
                   std::map<std::string, Followed>& current) {
  const std::string cluster = Text(d, "cluster"), id = Text(d, "id");
  auto workloads = api.Get(WithQuery(ProjectPath(project, {"workloads"}), {{"cluster", cluster}}));
  if (workloads.ok()) {
    for (const InstanceRef& i : Instances(workloads->value("items", json::array()), cluster)) {
      auto text =
          api.GetText(WithQuery(ProjectPath(project, {"workloads", cluster, i.name, "logs"}),
                                {{"tail", std::to_string(kFailureLogLines)}}),
                      "text/plain");
      if (!text.ok() || text->empty()) continue;
      Progress(ctx) << "last log lines of " << i.name << " (" << cluster << "):\n";
      for (const std::string& line : LogLines(*text)) Progress(ctx) << "  " << line << "\n";
    }
  }
  if (!d.value("auto_rollback", false)) return;
  auto recent = api.Get(
      WithQuery(ProjectPath(project, {"deployments"}), {{"cluster", cluster}, {"limit", "5"}}));
  if (!recent.ok()) return;
  for (const json& r : recent->value("items", json::array())) {
    if (!absl::StrContains(Text(r, "reason"), id) || current.count(Text(r, "id"))) continue;
    Progress(ctx) << cluster << " " << id << ": auto-rollback started: deployment " << Text(r, "id")
                  << " brings back " << ShortDigest(Text(r.value("artifact", json()), "digest"))
                  << "\n";
    current[Text(r, "id")] = Followed{r};
  }
}

absl::Status PollOnce(Context& ctx, ApiClient& api, const std::string& project,
                      std::map<std::string, Followed>& current) {
  std::vector<std::string> ids;
  for (const auto& [id, f] : current) ids.push_back(id);
  for (const std::string& id : ids) {
    Followed& f = current[id];
    if (IsFinalState(Text(f.d, "state"))) continue;
    ASSIGN_OR_RETURN(json fresh, api.Get(ProjectPath(project, {"deployments", id})));
    const std::string before = Text(f.d, "state"), after = Text(fresh, "state");
    fresh.erase("manifests");
    f.d = std::move(fresh);
    PrintNewSteps(ctx, f);
    if (before == after) continue;
    Progress(ctx) << Text(f.d, "cluster") << " " << id << ": " << before << " -> " << after << "\n";
    if (after == "failed") ReportFailure(ctx, api, project, json(f.d), current);
  }
  return absl::OkStatus();
}

// "URLs:" then one line per instance of the clusters that succeeded (best effort).
void PrintUrls(Context& ctx, ApiClient& api, const std::string& project,
               const std::map<std::string, Followed>& current) {
  auto workloads = api.Get(ProjectPath(project, {"workloads"}));
  if (!workloads.ok()) return;
  std::vector<std::string> lines;
  for (const auto& [id, f] : current) {
    if (Text(f.d, "state") != "succeeded") continue;
    const std::string cluster = Text(f.d, "cluster");
    for (const InstanceRef& i : Instances(workloads->value("items", json::array()), cluster)) {
      if (!i.url.empty())
        lines.push_back(CleanCell(absl::StrCat("  ", cluster, " ", i.name, " ", i.url), 0));
    }
  }
  if (lines.empty()) return;
  Progress(ctx) << "URLs:\n" << absl::StrJoin(lines, "\n") << "\n";
}

bool AllWaitForApproval(const std::map<std::string, Followed>& current) {
  bool any = false;
  for (const auto& [id, f] : current) {
    const std::string state = Text(f.d, "state");
    if (IsFinalState(state)) continue;
    if (state != "pending_approval") return false;
    any = true;
  }
  return any;
}

absl::Status Outcome(Context& ctx, const std::map<std::string, Followed>& current) {
  std::vector<std::string> bad;
  json items = json::array();
  for (const auto& [id, f] : current) {
    const json& d = f.d;
    items.push_back(d);
    const std::string state = Text(d, "state");
    if (IsFinalState(state) && state != "succeeded") {
      std::string line = absl::StrCat(Text(d, "cluster"), " ", id, " ", state);
      if (!Text(d, "error").empty()) absl::StrAppend(&line, " (", Text(d, "error"), ")");
      bad.push_back(line);
    }
  }
  if (ctx.global().json) ctx.out() << json{{"deployments", items}}.dump(2) << "\n";
  if (!bad.empty()) return absl::FailedPreconditionError(absl::StrJoin(bad, "; "));
  return absl::OkStatus();
}

}  // namespace

std::string ShortDigest(const std::string& digest) {
  constexpr size_t kShort = 7 + 12;  // "sha256:" + 12 hex digits
  if (digest.rfind("sha256:", 0) != 0 || digest.size() <= kShort) return digest;
  return digest.substr(0, kShort);
}

absl::Status ResolveDeploymentProject(ApiClient& api, const std::string& id, std::string& project) {
  if (!project.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(json d, api.Get("/deployments/" + http::UrlEncode(id)));
  project = Text(d, "project");
  if (project.empty()) return absl::InternalError("the server named no project for " + id);
  return absl::OkStatus();
}

bool IsFinalState(const std::string& state) {
  return state == "succeeded" || state == "failed" || state == "cancelled" || state == "rejected" ||
         state == "rolled_back";
}

std::string RenderDeployments(const json& items, absl::Time now) {
  Table table({"ID", "ENV", "CLUSTER", "REGION", "DIGEST", "STATE", "WAVE", "REQUESTER", "AGE"});
  for (const json& d : items) {
    table.AddRow({Text(d, "id"), Text(d, "environment"), Text(d, "cluster"), Text(d, "region"),
                  Digest(d), Text(d, "state"), Text(d, "wave"), Text(d, "requester"),
                  FormatAge(Text(d, "created_at"), now)});
  }
  return table.Render();
}

std::string RenderApprovals(const json& items, absl::Time now) {
  Table table(
      {"ID", "PROJECT", "ENV", "CLUSTER", "REGION", "DIGEST", "REQUESTER", "REASON", "AGE"});
  for (const json& d : items) {
    table.AddRow({Text(d, "id"), Text(d, "project"), Text(d, "environment"), Text(d, "cluster"),
                  Text(d, "region"), Digest(d), Text(d, "requester"), Text(d, "reason"),
                  FormatAge(Text(d, "created_at"), now)});
  }
  return table.Render();
}

std::string RenderDeployment(const json& d) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (const char* key :
       {"id",         "request_id",    "project",   "environment",  "cluster",    "region",
        "state",      "wave",          "requester", "approver",     "reason",     "rollback_of",
        "emergency",  "auto_rollback", "error",     "spec_version", "namespace",  "manifest_hash",
        "created_at", "approved_at",   "queued_at", "started_at",   "finished_at"}) {
    const std::string value = Text(d, key);
    if (!value.empty()) fields.emplace_back(key, value);
  }
  if (d.contains("artifact") && d["artifact"].is_object()) {
    fields.emplace_back("digest", Text(d["artifact"], "digest"));
    fields.emplace_back("image", Text(d["artifact"], "image"));
    fields.emplace_back("git_sha", Text(d["artifact"], "git_sha"));
  }
  std::string out = RenderFields(fields);
  const json steps = d.value("steps", json::array());
  if (steps.is_array() && !steps.empty()) {
    Table table({"STEP", "DONE", "DETAIL"}, 100);
    for (const json& s : steps) {
      table.AddRow({Text(s, "name"), Text(s, "done_at"), Text(s, "detail")});
    }
    out += "\n" + table.Render();
  }
  return out;
}

std::string RenderDeploymentDiff(const json& diff) {
  std::string out;
  const json digest = diff.value("digest", json::object());
  const json spec = diff.value("spec", json::object());
  // Against nothing (the first deployment on its cluster) every line is new.
  const bool first = diff.contains("from") && diff["from"].is_null();
  absl::StrAppend(&out,
                  "deployments: ", first ? "(none: the first on its cluster)" : Text(diff, "from"),
                  " -> ", Text(diff, "to"), "\n");
  absl::StrAppend(&out, "digest:      ", Text(digest, "from"), " -> ", Text(digest, "to"), "\n");
  absl::StrAppend(&out, "spec:        ", Text(spec, "from"), " -> ", Text(spec, "to"), "\n");
  const json config = diff.value("config", json::array());
  if (!config.empty()) {
    Table table({"SET", "KEY", "FROM", "TO"});
    for (const json& c : config) {
      table.AddRow({Text(c, "set"), Text(c, "key"), Text(c, "from"), Text(c, "to")});
    }
    out += "\nconfig:\n" + table.Render();
  }
  const json secrets = diff.value("secrets", json::array());
  if (!secrets.empty()) {
    Table table({"NAME", "FROM", "TO"});
    for (const json& s : secrets) table.AddRow({Text(s, "name"), Text(s, "from"), Text(s, "to")});
    out += "\nsecrets:\n" + table.Render();
  }
  const std::string manifests = Text(diff, "manifests");
  out += manifests.empty() ? "\nmanifests: no changes\n" : "\n" + manifests;
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

void AddWaitOptions(CLI::App& command, WaitArgs& args) {
  command.add_flag("--wait", args.wait,
                   "Follow the rollout step by step until every deployment is final (also "
                   "through approvals); exit 1 unless all succeeded");
  command.add_option("--interval", args.interval_seconds, "Seconds between polls with --wait")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
}

absl::Status WaitForDeployments(Context& ctx, ApiClient& api, const std::string& project,
                                const json& deployments, std::chrono::milliseconds interval) {
  std::map<std::string, Followed> current;
  for (const json& d : deployments) current[Text(d, "id")] = Followed{d};
  bool told_approval = false;
  while (true) {
    bool all_final = true;
    for (const auto& [id, f] : current) all_final = all_final && IsFinalState(Text(f.d, "state"));
    if (all_final) break;
    if (AllWaitForApproval(current) && !told_approval) {
      PrintApprovalNeeded(ctx, current);
      told_approval = true;
    }
    ctx.env().sleep(absl::FromChrono(interval));
    RETURN_IF_ERROR(PollOnce(ctx, api, project, current));
  }
  PrintUrls(ctx, api, project, current);
  return Outcome(ctx, current);
}

}  // namespace paved::cli
