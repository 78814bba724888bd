// `paved cost import|show|imports|unowned` (docs/cost.md).
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "core/status_macros.h"
#include "http/client.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

struct ImportArgs {
  std::string file, name;
};

struct ShowArgs {
  std::string team, project, month, from, to, group_by = "team";
};

bool IsGzip(const std::string& bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

// `text` as a gzip stream: bills shrink about 5x, so more of one fits the upload limit.
absl::StatusOr<std::string> Gzip(const std::string& text) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return absl::InternalError("gzip: cannot start");
  }
  std::string out(deflateBound(&z, text.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return absl::InternalError("gzip: cannot compress");
  return out;
}

absl::StatusOr<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Status Import(Context& ctx, const ImportArgs& args) {
  ASSIGN_OR_RETURN(std::string bytes, ReadWhole(args.file));
  if (!IsGzip(bytes)) {
    ASSIGN_OR_RETURN(bytes, Gzip(bytes));
  }
  std::string name =
      args.name.empty() ? std::filesystem::path(args.file).filename().string() : args.name;
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  RawBody body{"application/gzip", std::move(bytes)};
  ASSIGN_OR_RETURN(http::ClientResponse response,
                   api.Exchange("POST", WithQuery("/cost/imports", {{"name", name}}), &body,
                                "application/json"));
  if (response.status / 100 != 2) return ErrorFromResponse(response.status, response.body);
  json done = json::parse(response.body, nullptr, false);
  std::vector<std::string> periods;
  for (const json& p : done.value("periods", json::array()))
    periods.push_back(Text(p, "billing_period"));
  ctx.Print(done, absl::StrCat("imported ", Text(done, "source"), " (", Text(done, "format"),
                               "): ", Text(done, "lines"), " lines, billing period ",
                               absl::StrJoin(periods, ", "), ", billed $", Text(done, "billed"),
                               ", effective $", Text(done, "effective"), "\n"));
  return absl::OkStatus();
}

// The month's first and last day ("2026-11" → 2026-11-01, 2026-11-30).
absl::StatusOr<std::pair<std::string, std::string>> MonthRange(const std::string& month) {
  absl::CivilMonth m;
  if (!absl::ParseCivilTime(month, &m)) {
    return absl::InvalidArgumentError("--month must be YYYY-MM, got '" + month + "'");
  }
  return std::make_pair(absl::FormatCivilTime(absl::CivilDay(m)),
                        absl::FormatCivilTime(absl::CivilDay(m + 1) - 1));
}

std::string GroupName(const json& group) {
  std::vector<std::string> parts;
  for (const auto& [dim, value] : group["keys"].items()) {
    std::string v = value.get<std::string>();
    if (v.empty()) v = dim == "team" ? "(unowned)" : "-";
    parts.push_back(v);
  }
  return absl::StrJoin(parts, " / ");
}

std::string RenderView(const json& view) {
  Table table({"GROUP", "BILLED", "EFFECTIVE", "MONTH TO DATE", "FORECAST"});
  for (const json& g : view["groups"]) {
    table.AddRow({GroupName(g), Text(g, "billed"), Text(g, "effective"), Text(g, "month_to_date"),
                  Text(g, "forecast")});
  }
  const json& total = view["total"];
  const json& month = view["month"];
  return absl::StrCat(table.Render(), "total ", Text(view, "from"), " to ", Text(view, "to"),
                      ": billed $", Text(total, "billed"), ", effective $",
                      Text(total, "effective"), "\n", Text(month, "month"), " to date $",
                      Text(month, "to_date"), ", forecast $", Text(month, "forecast"), "\n");
}

absl::Status Show(Context& ctx, const ShowArgs& args) {
  std::string from = args.from, to = args.to;
  if (!args.month.empty()) {
    ASSIGN_OR_RETURN(auto range, MonthRange(args.month));
    from = range.first;
    to = range.second;
  }
  std::vector<std::string> filter;
  if (!args.team.empty()) filter.push_back("team:" + args.team);
  if (!args.project.empty()) filter.push_back("project:" + args.project);
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json view,
                   api.Get(WithQuery("/cost", {{"group_by", args.group_by},
                                               {"from", from},
                                               {"to", to},
                                               {"filter", absl::StrJoin(filter, ",")}})));
  ctx.Print(view, RenderView(view));
  return absl::OkStatus();
}

absl::Status Imports(Context& ctx) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json list, api.Get("/cost/imports"));
  Table table({"ID", "SOURCE", "FORMAT", "PERIODS", "LINES", "BILLED", "EFFECTIVE", "BY"});
  for (const json& i : list["items"]) {
    std::vector<std::string> periods;
    for (const json& p : i["periods"]) periods.push_back(Text(p, "billing_period"));
    table.AddRow({Text(i, "id"), Text(i, "source"), Text(i, "format"), absl::StrJoin(periods, ","),
                  Text(i, "lines"), Text(i, "billed"), Text(i, "effective"),
                  Text(i, "imported_by")});
  }
  ctx.Print(list, table.Render());
  return absl::OkStatus();
}

absl::Status Unowned(Context& ctx, const ShowArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json list,
                   api.Get(WithQuery("/cost/unowned", {{"from", args.from}, {"to", args.to}})));
  Table table({"ACCOUNT", "SERVICE", "RESOURCE", "TAGS", "EFFECTIVE"});
  for (const json& l : list["lines"]) {
    std::string tags = Text(l, "team_tag");
    if (!Text(l, "project_tag").empty()) absl::StrAppend(&tags, "/", Text(l, "project_tag"));
    std::string resource = Text(l, "resource_id");
    if (resource.empty()) resource = Text(l, "namespace");
    table.AddRow({Text(l, "account"), Text(l, "service"), resource, tags, Text(l, "effective")});
  }
  ctx.Print(list, table.Render());
  return absl::OkStatus();
}

}  // namespace

void AddCostCommand(CLI::App& app, Context& ctx) {
  CLI::App* group = app.add_subcommand("cost", "Cloud cost: import bills, show spend by owner");
  group->require_subcommand(1);
  auto import = std::make_shared<ImportArgs>();
  CLI::App* cmd = group->add_subcommand(
      "import", "Import a bill (AWS CUR, CUR 2.0 or FOCUS CSV; gzipped on the way)");
  cmd->add_option("file", import->file, "The bill file (plain or .gz)")->required();
  cmd->add_option("--name", import->name, "The name it is recorded under (default: the file's)");
  cmd->callback([&ctx, import] { ctx.Finish(Import(ctx, *import)); });

  auto show = std::make_shared<ShowArgs>();
  cmd = group->add_subcommand("show", "Cost by team (or --group-by), this month by default");
  cmd->add_option("--team", show->team, "Only this team's cost (unowned: the unowned cost)");
  cmd->add_option("--project", show->project, "Only this project's cost");
  cmd->add_option("--month", show->month, "A month, YYYY-MM");
  cmd->add_option("--from", show->from, "First day, YYYY-MM-DD");
  cmd->add_option("--to", show->to, "Last day, YYYY-MM-DD");
  cmd->add_option("--group-by", show->group_by,
                  "team, project, namespace, service, account or day; two with a comma "
                  "(day,team)")
      ->capture_default_str();
  cmd->callback([&ctx, show] { ctx.Finish(Show(ctx, *show)); });

  group->add_subcommand("imports", "The bill imports, newest first")->callback([&ctx] {
    ctx.Finish(Imports(ctx));
  });

  auto unowned = std::make_shared<ShowArgs>();
  cmd = group->add_subcommand("unowned", "The cost no team owns, per resource");
  cmd->add_option("--from", unowned->from, "First day, YYYY-MM-DD");
  cmd->add_option("--to", unowned->to, "Last day, YYYY-MM-DD");
  cmd->callback([&ctx, unowned] { ctx.Finish(Unowned(ctx, *unowned)); });
}

}  // namespace paved::cli
