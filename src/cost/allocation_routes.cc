#include "cost/allocation_routes.h"

#include <algorithm>
#include <set>

#include "core/status_macros.h"
#include "http/errors.h"
#include "http/json_body.h"

namespace paved::cost {
namespace {

using http::Access;
using http::Context;
using http::Response;
using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

Schema AllocationRowSchema() {
  return Named("CostAllocation", Object({{"cluster", String()},
                                         {"day", String()},
                                         {"namespace", String()},
                                         {"kind", Enum({"workload", "idle", "shared"})},
                                         {"team_id", String()},
                                         {"cpu_core_hours", Number()},
                                         {"ram_gib_hours", Number()},
                                         {"cpu", String()},
                                         {"ram", String()},
                                         {"total", String()}}));
}

Schema AllocationNodeSchema() {
  return Named("CostAllocationNode", Object({{"cluster", String()},
                                             {"day", String()},
                                             {"node", String()},
                                             {"instance_id", String()},
                                             {"cost", String()},
                                             {"price_source", Enum({"bill", "table"})}}));
}

Schema AllocationDaySchema() {
  return Named("CostAllocationDay", Object({{"day", String()},
                                            {"cluster", String()},
                                            {"items", Array(AllocationRowSchema())},
                                            {"nodes", Array(AllocationNodeSchema())}}));
}

Schema AllocationRunSchema() {
  return Named("CostAllocationRun", Object({{"cluster", String()},
                                            {"day", String()},
                                            {"hours", Integer()},
                                            {"nodes", Integer()},
                                            {"rows", Integer()},
                                            {"total", String()}}));
}

bool SeesAllCost(const Caller& caller) { return RoleAtLeast(caller.role, Role::kSre); }

absl::StatusOr<std::string> DayParam(const Context& ctx) {
  std::optional<std::string> day = ctx.req.QueryParam("day");
  if (!day || day->empty()) return http::MissingField("day");
  if (!kubernetes::DayStart(*day).ok()) return http::InvalidField("day", "not a date YYYY-MM-DD");
  return *day;
}

class AllocationApi {
 public:
  AllocationApi(kubernetes::Allocator* allocator, kubernetes::AllocationStore* store,
                kubernetes::TeamResolver* teams)
      : allocator_(allocator), store_(store), teams_(teams) {}

  absl::StatusOr<Response> Get(Context& ctx) {
    ASSIGN_OR_RETURN(std::string day, DayParam(ctx));
    std::string cluster = ctx.req.QueryParam("cluster").value_or("");
    ASSIGN_OR_RETURN(std::vector<kubernetes::StoredAllocation> rows, store_->Rows(day, cluster));
    nlohmann::json items = nlohmann::json::array(), nodes = nlohmann::json::array();
    for (const kubernetes::StoredAllocation& a : rows) {
      ASSIGN_OR_RETURN(bool visible, Visible(*ctx.caller, a));
      if (visible) items.push_back(kubernetes::StoredAllocationToJson(a));
    }
    if (SeesAllCost(*ctx.caller)) {
      ASSIGN_OR_RETURN(std::vector<kubernetes::StoredNode> stored, store_->Nodes(day, cluster));
      for (const kubernetes::StoredNode& n : stored) {
        nodes.push_back(kubernetes::StoredNodeToJson(n));
      }
    }
    return http::JsonResponse(
        200, {{"day", day}, {"cluster", cluster}, {"items", items}, {"nodes", nodes}});
  }

  absl::StatusOr<Response> Run(Context& ctx) {
    ASSIGN_OR_RETURN(std::string day, DayParam(ctx));
    absl::StatusOr<kubernetes::DayResult> result = allocator_->RunDay(day, ctx.caller->login);
    if (absl::IsInvalidArgument(result.status())) {
      return http::InvalidField("day", std::string(result.status().message()));
    }
    if (absl::IsFailedPrecondition(result.status())) {
      return http::ApiError(absl::StatusCode::kFailedPrecondition, "conflict",
                            std::string(result.status().message()));
    }
    if (!result.ok()) return result.status();
    return http::JsonResponse(200, kubernetes::DayResultToJson(*result));
  }

 private:
  // Whether a caller who does not see all cost may see `a`: a row of one of their teams.
  absl::StatusOr<bool> Visible(const Caller& caller, const kubernetes::StoredAllocation& a) {
    if (SeesAllCost(caller)) return true;
    if (a.row.kind == "idle") return false;
    std::string team = a.row.team_id;
    if (team.empty()) {
      ASSIGN_OR_RETURN(team, teams_->TeamOfNamespace(a.row.namespace_name, a.cluster));
    }
    return !team.empty() &&
           std::find(caller.team_ids.begin(), caller.team_ids.end(), team) != caller.team_ids.end();
  }

  kubernetes::Allocator* allocator_;
  kubernetes::AllocationStore* store_;
  kubernetes::TeamResolver* teams_;
};

}  // namespace

std::vector<http::Route> AllocationRoutes(kubernetes::Allocator* allocator,
                                          kubernetes::AllocationStore* store,
                                          kubernetes::TeamResolver* teams) {
  auto api = std::make_shared<AllocationApi>(allocator, store, teams);
  return {
      {
          .method = "GET",
          .path = "/api/v1/cost/allocations",
          .access = Access::kViewer,
          .summary = "A day's Kubernetes cost allocation (your teams' rows; sre and admin all)",
          .tag = "cost",
          .query = {"day", "cluster"},
          .response = AllocationDaySchema(),
          .handler = http::Bind(api, &AllocationApi::Get),
      },
      {
          .method = "POST",
          .path = "/api/v1/cost/allocations/run",
          .access = Access::kSre,
          .summary = "Allocate a day's Kubernetes cost now from Prometheus",
          .tag = "cost",
          .query = {"day"},
          .response = AllocationRunSchema(),
          .handler = http::Bind(api, &AllocationApi::Run),
      },
  };
}

}  // namespace paved::cost
