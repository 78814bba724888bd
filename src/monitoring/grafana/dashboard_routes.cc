#include "monitoring/grafana/dashboard_routes.h"

#include <map>
#include <utility>

#include "core/status_macros.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "jobs/job_schemas.h"

namespace paved::monitoring::grafana {
namespace {

using http::Access;
using http::Context;
using http::Response;
using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

constexpr char kNotDelivered[] = "not-delivered";

Schema DashboardListSchema() {
  Schema item = Named("MonitoringDashboard",
                      Object({{"uid", String()},
                              {"title", String()},
                              {"kind", Enum({"namespace", "overall", "doctor"})},
                              {"team", String()},
                              {"project", String()},
                              {"cluster", String()},
                              {"namespace", String()},
                              {"grafana_url", String()},
                              {"state", Enum({kDelivered, kEditedInGrafana, kNotDelivered})},
                              {"version", Integer()},
                              {"detail", String()},
                              {"delivered_at_ms", Integer()}}));
  return Named("MonitoringDashboards", Object({{"items", Array(item)}}));
}

Schema ProjectDashboardsSchema() {
  Schema item = Named("MonitoringDashboardModel", Object({{"uid", String()},
                                                          {"title", String()},
                                                          {"cluster", String()},
                                                          {"namespace", String()},
                                                          {"dashboard", Any()}}));
  return Named("MonitoringProjectDashboards",
               Object({{"project", String()}, {"items", Array(item)}}));
}

// The listed state: a failed delivery is not delivered (its error in `detail`).
std::string StateOf(const Delivery* row) {
  if (row == nullptr || row->state == kFailed || row->version == 0) return kNotDelivered;
  return row->state;
}

class DashboardsApi {
 public:
  explicit DashboardsApi(DashboardRoutesDeps deps) : d_(std::move(deps)) {}

  absl::StatusOr<Response> List(Context& ctx) {
    std::string team = ctx.req.QueryParam("team").value_or("");
    std::string project = ctx.req.QueryParam("project").value_or("");
    ASSIGN_OR_RETURN(auto all, d_.source->All());
    ASSIGN_OR_RETURN(auto rows, d_.deliveries->List());
    std::map<std::string, Delivery> by_uid;
    for (auto& r : rows) by_uid.emplace(r.uid, std::move(r));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& g : all) {
      if ((!team.empty() && g.team != team) || (!project.empty() && g.project != project)) continue;
      auto it = by_uid.find(g.uid);
      items.push_back(Item(g, it == by_uid.end() ? nullptr : &it->second));
    }
    return http::JsonResponse(200, {{"items", items}});
  }

  absl::StatusOr<Response> OfProject(Context& ctx) {
    const std::string& slug = ctx.req.path_params.at("slug");
    ASSIGN_OR_RETURN(auto dashboards, d_.source->OfProject(slug));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& g : dashboards) {
      items.push_back({{"uid", g.uid},
                       {"title", g.title},
                       {"cluster", g.cluster},
                       {"namespace", g.ns},
                       {"dashboard", g.model}});
    }
    return http::JsonResponse(200, {{"project", slug}, {"items", items}});
  }

  absl::StatusOr<Response> Sync(Context& ctx) {
    if (!d_.job->Delivers()) {
      return http::ApiError(absl::StatusCode::kFailedPrecondition, "conflict",
                            "no Grafana and no provisioning folder is configured: set "
                            "monitoring.grafana.url or monitoring.provisioning_dir in the server "
                            "config file");
    }
    std::string reason = "sync asked by " + ctx.caller->login;
    RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) {
      return d_.audit->Append(tx, ctx.caller->login, "monitoring.dashboards.sync",
                              "monitoring:dashboards", {{"reason", reason}});
    }));
    d_.audit->Published();
    ASSIGN_OR_RETURN(jobs::Job job,
                     d_.scheduler->RunNow(DashboardsJob::kKind, {{"reason", reason}}));
    return http::JsonResponse(202, {{"job", jobs::JobToJson(job)}});
  }

 private:
  nlohmann::json Item(const dashboards::GeneratedDashboard& g, const Delivery* row) const {
    std::string base = d_.job->config().grafana_url;
    std::string path = row != nullptr && !row->url.empty() ? row->url : "/d/" + g.uid;
    return {{"uid", g.uid},
            {"title", g.title},
            {"kind", dashboards::KindName(g.kind)},
            {"team", g.team},
            {"project", g.project},
            {"cluster", g.cluster},
            {"namespace", g.ns},
            {"grafana_url", base.empty() ? "" : base + path},
            {"state", StateOf(row)},
            {"version", row == nullptr ? 0 : row->grafana_version},
            {"detail", row == nullptr ? "" : row->detail},
            {"delivered_at_ms", row == nullptr ? 0 : row->delivered_at}};
  }

  DashboardRoutesDeps d_;
};

}  // namespace

std::vector<http::Route> DashboardRoutes(DashboardRoutesDeps deps) {
  auto api = std::make_shared<DashboardsApi>(std::move(deps));
  return {
      {
          .method = "GET",
          .path = "/api/v1/monitoring/dashboards",
          .access = Access::kViewer,
          .summary = "Generated Grafana dashboards with their URL and delivery state",
          .tag = "monitoring",
          .query = {"team", "project"},
          .response = DashboardListSchema(),
          .handler = http::Bind(api, &DashboardsApi::List),
      },
      {
          .method = "GET",
          .path = "/api/v1/projects/{slug}/monitoring/dashboards",
          .access = Access::kViewer,
          .summary = "The Grafana dashboard JSON generated for each of a project's namespaces",
          .tag = "monitoring",
          .response = ProjectDashboardsSchema(),
          .handler = http::Bind(api, &DashboardsApi::OfProject),
      },
      {
          .method = "POST",
          .path = "/api/v1/monitoring/dashboards/sync",
          .access = Access::kSre,
          .summary = "Deliver the generated dashboards to Grafana now",
          .tag = "monitoring",
          .response = jobs::QueuedJobSchema(),
          .success = 202,
          .handler = http::Bind(api, &DashboardsApi::Sync),
      },
  };
}

}  // namespace paved::monitoring::grafana
