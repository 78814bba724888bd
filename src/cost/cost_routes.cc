#include "cost/cost_routes.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "auth/permissions.h"
#include "catalog/teams.h"
#include "core/days.h"
#include "core/random.h"
#include "core/status_macros.h"
#include "cost/bill_import.h"
#include "cost/cost_views.h"
#include "http/errors.h"
#include "http/json_body.h"

namespace paved::cost {
namespace {

namespace fs = std::filesystem;
using http::Access;
using http::Context;
using http::Response;
using http::Schema;
using nlohmann::json;

constexpr char kImportsPath[] = "/api/v1/cost/imports";
constexpr int kMaxDays = 400;

absl::StatusOr<std::vector<std::string>> GroupByParam(const http::Request& req) {
  std::string text = req.QueryParam("group_by").value_or("");
  if (text.empty()) return std::vector<std::string>{"team"};
  std::vector<std::string> dims = absl::StrSplit(text, ',');
  for (const std::string& d : dims) {
    if (std::find(kCostDimensions.begin(), kCostDimensions.end(), d) == kCostDimensions.end()) {
      return http::InvalidField("group_by",
                                "group_by must be one or two of team, project, "
                                "namespace, service, account, day (e.g. day,team)");
    }
  }
  if (dims.size() > 2 || (dims.size() == 2 && dims[0] == dims[1])) {
    return http::InvalidField("group_by", "group_by takes one or two different dimensions");
  }
  return dims;
}

absl::StatusOr<std::map<std::string, std::set<std::string>>> FilterParam(const http::Request& req) {
  std::map<std::string, std::set<std::string>> filter;
  std::string text = req.QueryParam("filter").value_or("");
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(part, absl::MaxSplits(':', 1));
    if (kv.first == "day" || kv.second.empty() ||
        std::find(kCostDimensions.begin(), kCostDimensions.end(), kv.first) ==
            kCostDimensions.end()) {
      return http::InvalidField("filter",
                                "filter is dimension:value pairs, e.g. team:chat,service:AmazonS3 "
                                "(team, project, namespace, service, account; team:unowned)");
    }
    filter[kv.first].insert(kv.second);
  }
  return filter;
}

class CostApi {
 public:
  explicit CostApi(CostDeps deps) : d_(std::move(deps)) {}

  absl::StatusOr<Response> View(Context& ctx) {
    ASSIGN_OR_RETURN(CostQuery q, Query(ctx));
    ASSIGN_OR_RETURN(q.group_by, GroupByParam(ctx.req));
    OwnerResolver owners(d_.store, d_.paved_resources);
    ASSIGN_OR_RETURN(json out, CostView(*d_.costs, owners, q));
    return http::JsonResponse(200, out);
  }

  absl::StatusOr<Response> Unowned(Context& ctx) {
    ASSIGN_OR_RETURN(CostQuery q, Query(ctx));
    OwnerResolver owners(d_.store, d_.paved_resources);
    ASSIGN_OR_RETURN(json out, UnownedView(*d_.costs, owners, q));
    return http::JsonResponse(200, out);
  }

  absl::StatusOr<Response> Export(Context& ctx) {
    std::string format = ctx.req.QueryParam("format").value_or("csv");
    if (format != "csv" && format != "focus") {
      return http::InvalidField("format", "format must be csv or focus");
    }
    ASSIGN_OR_RETURN(CostQuery q, Query(ctx));
    OwnerResolver owners(d_.store, d_.paved_resources);
    ASSIGN_OR_RETURN(std::string csv, CostExport(*d_.costs, owners, q, format));
    Response r;
    r.status = 200;
    r.SetHeader("Content-Type", "text/csv; charset=utf-8");
    r.SetHeader("Content-Disposition", "attachment; filename=\"cost-" + q.from + "-" + q.to +
                                           (format == "focus" ? "-focus" : "") + ".csv\"");
    r.body = std::move(csv);
    return r;
  }

  absl::StatusOr<Response> Imports(Context&) {
    ASSIGN_OR_RETURN(std::vector<BillImport> imports, d_.costs->Imports());
    json items = json::array();
    for (const BillImport& i : imports) items.push_back(BillImportToJson(i));
    return http::JsonResponse(200, {{"items", items}});
  }

  absl::StatusOr<Response> Import(Context& ctx) {
    std::string name = fs::path(ctx.req.QueryParam("name").value_or("")).filename().string();
    if (name.empty()) name = "upload.csv";
    if (ctx.req.body.empty()) return http::InvalidField("body", "the body must be the bill file");
    fs::path dir = fs::path(d_.data_dir) / "cost-uploads";
    std::error_code ec;
    fs::create_directories(dir, ec);
    fs::path path = dir / (NewId() + ".bill");
    {
      std::ofstream out(path, std::ios::binary);
      out.write(ctx.req.body.data(), static_cast<std::streamsize>(ctx.req.body.size()));
      if (!out) return absl::InternalError("cannot write " + path.string());
    }
    BillImportDeps deps{.store = d_.store,
                        .costs = d_.costs,
                        .audit = d_.audit,
                        .clock = d_.clock,
                        .keys = d_.keys};
    absl::StatusOr<BillImport> done = ImportBill(deps, path.string(), name, ctx.caller->login);
    fs::remove(path, ec);
    if (absl::IsInvalidArgument(done.status())) {
      // Messages name the temp file; the client knows its file by `name`.
      std::string message(done.status().message());
      for (size_t at; (at = message.find(path.string())) != std::string::npos;) {
        message.replace(at, path.string().size(), name);
      }
      return http::InvalidField("body", message);
    }
    RETURN_IF_ERROR(done.status());
    return http::JsonResponse(201, BillImportToJson(*done));
  }

 private:
  // from/to (default: this month up to today), filter, and what the caller may see.
  absl::StatusOr<CostQuery> Query(Context& ctx) {
    CostQuery q;
    q.today = DayOfUnixMs(d_.clock->NowMs());
    ASSIGN_OR_RETURN(http::DayWindow window,
                     http::DayWindowQuery(
                         ctx.req, q.today,
                         [](const std::string& to) { return to.substr(0, 8) + "01"; }, kMaxDays));
    q.from = std::move(window.from);
    q.to = std::move(window.to);
    ASSIGN_OR_RETURN(q.filter, FilterParam(ctx.req));
    if (!auth::SeesAllCost(*ctx.caller)) {
      q.visible_team_ids =
          std::set<std::string>(ctx.caller->team_ids.begin(), ctx.caller->team_ids.end());
    }
    RETURN_IF_ERROR(CheckTeamFilter(q));
    return q;
  }

  // A team in the filter must exist, and be one the caller may see.
  absl::Status CheckTeamFilter(const CostQuery& q) {
    auto it = q.filter.find("team");
    if (it == q.filter.end()) return absl::OkStatus();
    catalog::TeamStore teams(d_.store, d_.clock);
    for (const std::string& slug : it->second) {
      if (slug == "unowned") continue;
      ASSIGN_OR_RETURN(std::optional<catalog::Team> team, teams.FindBySlug(slug));
      if (!team) return http::InvalidField("filter", "no team " + slug);
      if (q.visible_team_ids && !q.visible_team_ids->count(team->id)) {
        return absl::PermissionDeniedError("only members of team " + slug +
                                           " (and sre, admin) see its cost");
      }
    }
    return absl::OkStatus();
  }

  CostDeps d_;
};

Schema MoneyProps(std::vector<http::Property> more) {
  for (const char* name : {"billed", "effective"}) {
    more.emplace_back(name, http::String());
    more.emplace_back(std::string(name) + "_nanos", http::Integer());
  }
  return http::Object(std::move(more));
}

Schema CostViewSchema() {
  Schema group = MoneyProps({{"keys", http::Map(http::String())},
                             {"unowned", http::Boolean()},
                             {"month_to_date", http::Optional(http::String())},
                             {"month_to_date_nanos", http::Optional(http::Integer())},
                             {"forecast", http::Optional(http::String())},
                             {"forecast_nanos", http::Optional(http::Integer())}});
  Schema month = http::Object({{"month", http::String()},
                               {"to_date", http::String()},
                               {"to_date_nanos", http::Integer()},
                               {"forecast", http::String()},
                               {"forecast_nanos", http::Integer()}});
  return http::Named("CostView", http::Object({{"from", http::String()},
                                               {"to", http::String()},
                                               {"today", http::String()},
                                               {"currency", http::String()},
                                               {"group_by", http::Array(http::String())},
                                               {"groups", http::Array(group)},
                                               {"total", MoneyProps({})},
                                               {"month", month}}));
}

Schema UnownedSchema() {
  Schema line = MoneyProps({{"source", http::Enum({"bill", "kubernetes"})},
                            {"account", http::String()},
                            {"service", http::String()},
                            {"namespace", http::String()},
                            {"resource_id", http::String()},
                            {"team_tag", http::String()},
                            {"project_tag", http::String()},
                            {"first_day", http::String()},
                            {"last_day", http::String()}});
  return http::Named("CostUnowned", http::Object({{"from", http::String()},
                                                  {"to", http::String()},
                                                  {"currency", http::String()},
                                                  {"lines", http::Array(line)},
                                                  {"total", MoneyProps({})}}));
}

Schema BillImportSchema() {
  return http::Named(
      "BillImport",
      http::Object({{"id", http::String()},
                    {"source", http::String()},
                    {"format", http::Enum({"cur", "cur2", "focus"})},
                    {"periods", http::Array(http::Object({{"billing_account", http::String()},
                                                          {"billing_period", http::String()}}))},
                    {"lines", http::Integer()},
                    {"rows_kept", http::Integer()},
                    {"billed", http::String()},
                    {"effective", http::String()},
                    {"imported_by", http::String()},
                    {"imported_at_ms", http::Integer()}}));
}

}  // namespace

std::vector<http::Route> CostRoutes(const CostDeps& deps) {
  auto api = std::make_shared<CostApi>(deps);
  const std::vector<std::string> view_query = {"from", "to", "filter"};
  std::vector<std::string> group_query = view_query;
  group_query.push_back("group_by");
  std::vector<std::string> export_query = view_query;
  export_query.push_back("format");
  return {
      {.method = "GET",
       .path = "/api/v1/cost",
       .access = Access::kViewer,
       .summary = "Cost grouped by team, project, namespace, service, account or day, with "
                  "month-to-date and forecast",
       .tag = "cost",
       .query = group_query,
       .response = CostViewSchema(),
       .handler = http::Bind(api, &CostApi::View)},
      {.method = "GET",
       .path = "/api/v1/cost/unowned",
       .access = Access::kViewer,
       .summary = "The cost no team owns, per resource, account and service",
       .tag = "cost",
       .query = view_query,
       .response = UnownedSchema(),
       .handler = http::Bind(api, &CostApi::Unowned)},
      {.method = "GET",
       .path = "/api/v1/cost/export",
       .access = Access::kViewer,
       .summary = "Cost per day, account, service and owner as CSV (format=csv|focus)",
       .tag = "cost",
       .query = export_query,
       .produces = "text/csv",
       .handler = http::Bind(api, &CostApi::Export)},
      {.method = "GET",
       .path = kImportsPath,
       .access = Access::kSre,
       .summary = "Bill imports, newest first",
       .tag = "cost",
       .response = http::Object({{"items", http::Array(BillImportSchema())}}),
       .handler = http::Bind(api, &CostApi::Imports)},
      {.method = "POST",
       .path = kImportsPath,
       .access = Access::kSre,
       .summary = "Import a bill (AWS CUR, CUR 2.0 or FOCUS CSV, plain or gzip) sent as the body; "
                  "it replaces the billing periods it covers",
       .tag = "cost",
       .query = {"name"},
       .response = BillImportSchema(),
       .success = 201,
       .handler = http::Bind(api, &CostApi::Import),
       .max_body_bytes = static_cast<size_t>(kMaxBillUploadBytes)},
  };
}

}  // namespace paved::cost
