#include "monitoring/rules/rules_routes.h"

#include <memory>

#include "core/error.h"
#include "core/status_macros.h"
#include "http/json_body.h"
#include "monitoring/rules/rule_file.h"
#include "monitoring/rules/slo_view.h"
#include "monitoring/targets.h"

namespace paved::monitoring::rules {
namespace {

using http::Access;
using http::Context;
using http::Response;

class RulesApi {
 public:
  explicit RulesApi(RulesDeps deps) : d_(std::move(deps)) {}

  absl::StatusOr<Response> Rules(Context& ctx) {
    std::string format = ctx.req.QueryParam("format").value_or("yaml");
    if (format != "yaml" && format != "json") {
      return InvalidField("format", "format must be yaml or json");
    }
    ASSIGN_OR_RETURN(std::vector<Target> targets, Targets(ctx));
    if (format == "json")
      return http::JsonResponse(200, RuleFileJson(targets, *d_.config, d_.taught));
    Response r;
    r.SetHeader("Content-Type", "application/yaml");
    r.body = RenderRuleFile(targets, *d_.config, d_.taught);
    return r;
  }

  absl::StatusOr<Response> Slos(Context& ctx) {
    ASSIGN_OR_RETURN(std::vector<Target> targets, Targets(ctx));
    return http::JsonResponse(200, SloView(targets));
  }

 private:
  // The project's targets, of one cluster when `cluster` is given. NotFound for no project, and
  // naming `cluster` for a cluster the project does not run on.
  absl::StatusOr<std::vector<Target>> Targets(Context& ctx) {
    ASSIGN_OR_RETURN(std::vector<Target> all, TargetsOf(*d_.store, *d_.config, ctx.Param("slug")));
    std::string cluster = ctx.req.QueryParam("cluster").value_or("");
    if (cluster.empty()) return all;
    std::vector<Target> out;
    for (Target& t : all) {
      if (t.cluster == cluster) out.push_back(std::move(t));
    }
    if (out.empty()) {
      return DomainError(absl::StatusCode::kNotFound, "not_found",
                         "the project runs on no cluster " + Shortened(cluster), "cluster");
    }
    return out;
  }

  RulesDeps d_;
};

}  // namespace

std::vector<http::Route> MonitoringRulesRoutes(const RulesDeps& deps) {
  auto api = std::make_shared<RulesApi>(deps);
  return {
      {.method = "GET",
       .path = "/api/v1/projects/{slug}/monitoring/rules",
       .access = Access::kViewer,
       .summary = "The project's Prometheus rule file: SLO recording rules, burn-rate and "
                  "capacity alerts (YAML; format=json for JSON)",
       .tag = "monitoring",
       .query = {"cluster", "format"},
       .produces = "application/yaml",
       .handler = http::Bind(api, &RulesApi::Rules)},
      {.method = "GET",
       .path = "/api/v1/projects/{slug}/monitoring/slos",
       .access = Access::kViewer,
       .summary = "The project's SLOs per service: objectives, error budgets, windows and "
                  "burn-rate alerts",
       .tag = "monitoring",
       .query = {"cluster"},
       .response = SloViewSchema(),
       .handler = http::Bind(api, &RulesApi::Slos)},
  };
}

}  // namespace paved::monitoring::rules
