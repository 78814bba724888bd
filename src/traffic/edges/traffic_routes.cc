#include "traffic/edges/traffic_routes.h"

#include <algorithm>
#include <filesystem>
#include <memory>

#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "auth/permissions.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/days.h"
#include "core/error.h"
#include "core/status_macros.h"
#include "deploy/platform/known_names.h"
#include "http/json_body.h"
#include "traffic/edges/report_document.h"
#include "traffic/edges/store_analysis.h"
#include "traffic/edges/traffic_schemas.h"

namespace paved::traffic::edges {
namespace {

using http::Access;
using http::Context;
using http::Response;
using nlohmann::json;

constexpr char kAnalysesPath[] = "/api/v1/traffic/analyses";
constexpr int kMaxDays = 400;
constexpr int kDefaultDays = 30;

class TrafficApi {
 public:
  explicit TrafficApi(TrafficDeps deps) : d_(std::move(deps)) {}

  absl::StatusOr<Response> Store(Context& ctx) {
    std::string cluster = ctx.req.QueryParam("cluster").value_or("");
    if (cluster.empty()) return MissingField("cluster");
    RETURN_IF_ERROR(deploy::platform::RequireCluster(*d_.platform, cluster, "cluster").status());
    std::string name =
        std::filesystem::path(ctx.req.QueryParam("name").value_or("")).filename().string();
    if (name.empty()) name = "upload.json";
    if (name.size() > 200) return InvalidField("name", "name is over 200 bytes");
    ASSIGN_OR_RETURN(TrafficReport report, ParseReportDocument(ctx.req.body));
    StoreAnalysisDeps deps{
        .store = d_.store, .traffic = d_.traffic, .audit = d_.audit, .clock = d_.clock};
    ASSIGN_OR_RETURN(TrafficAnalysis a,
                     StoreAnalysis(deps, cluster, name, ctx.caller->login, report));
    return http::JsonResponse(201, AnalysisToJson(a));
  }

  absl::StatusOr<Response> Analyses(Context& ctx) {
    std::string cluster = ctx.req.QueryParam("cluster").value_or("");
    ASSIGN_OR_RETURN(std::vector<TrafficAnalysis> list, d_.traffic->Analyses(cluster));
    json items = json::array();
    for (const TrafficAnalysis& a : list) items.push_back(AnalysisToJson(a));
    return http::JsonResponse(200, {{"items", items}});
  }

  absl::StatusOr<Response> Ranking(Context& ctx) {
    std::string group_by = ctx.req.QueryParam("group_by").value_or("team");
    if (std::find(kTrafficGroupings.begin(), kTrafficGroupings.end(), group_by) ==
        kTrafficGroupings.end()) {
      return InvalidField("group_by", "group_by must be team, project, workload or edge");
    }
    ASSIGN_OR_RETURN(TrafficQuery q, Query(ctx));
    RETURN_IF_ERROR(VisibleTeams(ctx, q));
    WorkloadOwners owners(d_.store);
    ASSIGN_OR_RETURN(std::vector<OwnedEdge> edges, OwnedEdges(*d_.traffic, owners, q));
    return http::JsonResponse(200, RankingView(edges, q, group_by));
  }

  absl::StatusOr<Response> Project(Context& ctx) {
    catalog::ProjectStore projects(d_.store, d_.clock);
    ASSIGN_OR_RETURN(std::optional<catalog::Project> p, projects.FindBySlug(ctx.Param("slug")));
    if (!p) return absl::NotFoundError("no project " + ctx.Param("slug"));
    RETURN_IF_ERROR(CheckTeam(ctx, p->owner_team_id, p->owner_team));
    return ScopeResponse(ctx, {Scope::Kind::kProject, p->slug});
  }

  absl::StatusOr<Response> Team(Context& ctx) {
    catalog::TeamStore teams(d_.store, d_.clock);
    ASSIGN_OR_RETURN(std::optional<catalog::Team> t, teams.FindBySlug(ctx.Param("slug")));
    if (!t) return absl::NotFoundError("no team " + ctx.Param("slug"));
    RETURN_IF_ERROR(CheckTeam(ctx, t->id, t->slug));
    return ScopeResponse(ctx, {Scope::Kind::kTeam, t->slug});
  }

 private:
  // from/to (default: the 30 days up to today) and cluster (a known one, when given).
  absl::StatusOr<TrafficQuery> Query(Context& ctx) {
    TrafficQuery q;
    ASSIGN_OR_RETURN(
        http::DayWindow window,
        http::DayWindowQuery(
            ctx.req, DayOfUnixMs(d_.clock->NowMs()),
            [](const std::string& to) { return AddDays(to, 1 - kDefaultDays); }, kMaxDays));
    q.from = std::move(window.from);
    q.to = std::move(window.to);
    q.cluster = ctx.req.QueryParam("cluster").value_or("");
    if (!q.cluster.empty()) {
      RETURN_IF_ERROR(
          deploy::platform::RequireCluster(*d_.platform, q.cluster, "cluster").status());
    }
    return q;
  }

  absl::Status VisibleTeams(Context& ctx, TrafficQuery& q) {
    if (auth::SeesAllCost(*ctx.caller)) return absl::OkStatus();
    ASSIGN_OR_RETURN(auto slugs, catalog::TeamStore::SlugsByIds(*d_.store, ctx.caller->team_ids));
    q.visible_teams.emplace();
    for (const auto& [id, slug] : slugs) q.visible_teams->insert(slug);
    return absl::OkStatus();
  }

  absl::Status CheckTeam(Context& ctx, const std::string& team_id, const std::string& slug) {
    if (auth::SeesAllCost(*ctx.caller)) return absl::OkStatus();
    const auto& mine = ctx.caller->team_ids;
    if (std::find(mine.begin(), mine.end(), team_id) != mine.end()) return absl::OkStatus();
    return absl::PermissionDeniedError("only members of team " + slug +
                                       " (and sre, admin) see its traffic");
  }

  absl::StatusOr<Response> ScopeResponse(Context& ctx, const Scope& scope) {
    ASSIGN_OR_RETURN(TrafficQuery q, Query(ctx));
    TrafficQuery load = q;
    load.from = ScopeFirstDay(q);
    WorkloadOwners owners(d_.store);
    ASSIGN_OR_RETURN(std::vector<OwnedEdge> edges, OwnedEdges(*d_.traffic, owners, load));
    ASSIGN_OR_RETURN(json view, ScopeView(edges, q, scope, d_.advisor));
    return http::JsonResponse(200, view);
  }

  TrafficDeps d_;
};

}  // namespace

std::vector<http::Route> TrafficRoutes(const TrafficDeps& deps) {
  auto api = std::make_shared<TrafficApi>(deps);
  const std::vector<std::string> window = {"from", "to", "cluster"};
  return {
      {.method = "POST",
       .path = kAnalysesPath,
       .access = Access::kSre,
       .summary = "Store a flow-log analysis (a vpc-flow-xzone/1 report) of a cluster; it "
                  "replaces the cluster's days it covers",
       .tag = "traffic",
       .query = {"cluster", "name"},
       .response = AnalysisSchema(),
       .success = 201,
       .handler = http::Bind(api, &TrafficApi::Store),
       .max_body_bytes = static_cast<size_t>(kMaxReportUploadBytes)},
      {.method = "GET",
       .path = kAnalysesPath,
       .access = Access::kSre,
       .summary = "Stored flow-log analyses, newest first",
       .tag = "traffic",
       .query = {"cluster"},
       .response = http::Object({{"items", http::Array(AnalysisSchema())}}),
       .handler = http::Bind(api, &TrafficApi::Analyses)},
      {.method = "GET",
       .path = "/api/v1/traffic",
       .access = Access::kViewer,
       .summary = "Cross-zone traffic and its cost ranked by team, project, workload or edge",
       .tag = "traffic",
       .query = {"from", "to", "cluster", "group_by"},
       .response = RankingSchema(),
       .handler = http::Bind(api, &TrafficApi::Ranking)},
      {.method = "GET",
       .path = "/api/v1/projects/{slug}/traffic",
       .access = Access::kViewer,
       .summary = "A project's cross-zone traffic: top edges with proposals, share, cost per day, "
                  "month to date and trend",
       .tag = "traffic",
       .query = window,
       .response = ScopeSchema(),
       .handler = http::Bind(api, &TrafficApi::Project)},
      {.method = "GET",
       .path = "/api/v1/teams/{slug}/traffic",
       .access = Access::kViewer,
       .summary = "A team's cross-zone traffic over its projects",
       .tag = "traffic",
       .query = window,
       .response = ScopeSchema(),
       .handler = http::Bind(api, &TrafficApi::Team)},
  };
}

}  // namespace paved::traffic::edges
