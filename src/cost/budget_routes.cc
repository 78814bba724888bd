#include "cost/budget_routes.h"

#include "core/status_macros.h"
#include "http/json_body.h"

namespace paved::cost {
namespace {

using http::Access;
using http::Context;
using http::FieldType;
using http::Response;
using nlohmann::json;

// A reason is read by people deciding, and shown in lists and chat messages: a paragraph.
constexpr size_t kMaxReasonBytes = 2000;

const http::BodySchema kRequest = {
    {.name = "team", .required = true, .description = "the team's slug"},
    {.name = "amount", .type = FieldType::kInteger, .required = true, .description = "USD a month"},
    {.name = "reason", .required = true, .max_length = kMaxReasonBytes},
    {.name = "month", .description = "YYYY-MM it applies from (this month when absent)"},
};

const http::BodySchema kDecision = {
    {.name = "reason", .description = "why (required to reject)", .max_length = kMaxReasonBytes},
};

http::Schema RequestSchema() {
  using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders
  return Named("BudgetRequest", Object({{"id", String()},
                                        {"team", String()},
                                        {"kind", Enum({"budget", "resource"})},
                                        {"amount", Number()},
                                        {"reason", String()},
                                        {"month", String()},
                                        {"requester", String()},
                                        {"state", Enum({"pending", "approved", "rejected"})},
                                        {"decider", String()},
                                        {"decision_reason", String()},
                                        {"detail", Map(Any())},
                                        {"created_at", String()},
                                        {"decided_at", Optional(String())}}));
}

http::Schema RequestListSchema() {
  using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders
  return Named("BudgetRequestList", Object({{"items", Array(RequestSchema())}}));
}

http::Schema BudgetListSchema() {
  using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders
  Schema budget = Named("Budget", Object({{"team", String()},
                                          {"month", String()},
                                          {"amount", Number()},
                                          {"since", String()},
                                          {"set_by", String()},
                                          {"request_id", String()},
                                          {"actual", Number()},
                                          {"forecast", Number()},
                                          {"actual_percent", Integer()},
                                          {"forecast_percent", Integer()}}));
  return Named("BudgetList", Object({{"month", String()}, {"items", Array(budget)}}));
}

class BudgetsApi {
 public:
  explicit BudgetsApi(std::shared_ptr<budgets::BudgetService> service)
      : service_(std::move(service)) {}

  absl::StatusOr<Response> List(Context& ctx) {
    std::string month = ctx.req.QueryParam("month").value_or("");
    ASSIGN_OR_RETURN(
        auto found, service_->Budgets(*ctx.caller, ctx.req.QueryParam("team").value_or(""), month));
    json items = json::array();
    for (const auto& b : found) items.push_back(budgets::BudgetStatusToJson(b));
    return http::JsonResponse(
        200, {{"month", found.empty() ? month : found.front().month}, {"items", items}});
  }

  absl::StatusOr<Response> Requests(Context& ctx) {
    ASSIGN_OR_RETURN(auto found,
                     service_->Requests(*ctx.caller, ctx.req.QueryParam("team").value_or(""),
                                        ctx.req.QueryParam("state").value_or("")));
    json items = json::array();
    for (const auto& r : found) items.push_back(budgets::BudgetRequestToJson(r));
    return http::JsonResponse(200, {{"items", items}});
  }

  absl::StatusOr<Response> Ask(Context& ctx) {
    ASSIGN_OR_RETURN(json body, http::ParseBody(ctx.req, kRequest));
    ASSIGN_OR_RETURN(budgets::BudgetRequest r,
                     service_->Request(*ctx.caller, {.team = body["team"],
                                                     .amount_usd = body["amount"].get<double>(),
                                                     .reason = body["reason"],
                                                     .month = body.value("month", "")}));
    return http::JsonResponse(201, budgets::BudgetRequestToJson(r));
  }

  absl::StatusOr<Response> Approve(Context& ctx) { return Decide(ctx, true); }
  absl::StatusOr<Response> Reject(Context& ctx) { return Decide(ctx, false); }

 private:
  absl::StatusOr<Response> Decide(Context& ctx, bool approve) {
    json body = json::object();
    if (!ctx.req.body.empty()) {
      ASSIGN_OR_RETURN(body, http::ParseBody(ctx.req, kDecision));
    }
    ASSIGN_OR_RETURN(budgets::BudgetRequest r, service_->Decide(*ctx.caller, ctx.Param("id"),
                                                                approve, body.value("reason", "")));
    return http::JsonResponse(200, budgets::BudgetRequestToJson(r));
  }

  std::shared_ptr<budgets::BudgetService> service_;
};

}  // namespace

std::vector<http::Route> BudgetRoutes(std::shared_ptr<budgets::BudgetService> service) {
  auto api = std::make_shared<BudgetsApi>(std::move(service));
  return {
      {
          .method = "GET",
          .path = "/api/v1/budgets",
          .access = Access::kViewer,
          .summary = "Team budgets in force for a month (this one by default) with actual and "
                     "forecast spend; your teams' only unless you are sre or admin",
          .tag = "cost",
          .query = {"team", "month"},
          .response = BudgetListSchema(),
          .handler = http::Bind(api, &BudgetsApi::List),
      },
      {
          .method = "GET",
          .path = "/api/v1/budgets/requests",
          .access = Access::kViewer,
          .summary = "Budget requests, newest first (?state=pending|approved|rejected); your "
                     "teams' only unless you are sre or admin",
          .tag = "cost",
          .query = {"team", "state"},
          .response = RequestListSchema(),
          .handler = http::Bind(api, &BudgetsApi::Requests),
      },
      {
          .method = "POST",
          .path = "/api/v1/budgets/requests",
          .access = Access::kDeveloper,
          .summary = "Ask for a team's monthly budget from a month on (team members, sre, admin)",
          .tag = "cost",
          .request = kRequest,
          .response = RequestSchema(),
          .success = 201,
          .handler = http::Bind(api, &BudgetsApi::Ask),
      },
      {
          .method = "POST",
          .path = "/api/v1/budgets/requests/{id}/approve",
          .access = Access::kDeveloper,
          .summary = "Approve a pending budget request (sre, admin; never your own): the team's "
                     "budget is set from its month on",
          .tag = "cost",
          .request = kDecision,
          .response = RequestSchema(),
          .handler = http::Bind(api, &BudgetsApi::Approve),
      },
      {
          .method = "POST",
          .path = "/api/v1/budgets/requests/{id}/reject",
          .access = Access::kDeveloper,
          .summary = "Reject a pending budget request with a reason (sre, admin; never your own)",
          .tag = "cost",
          .request = kDecision,
          .response = RequestSchema(),
          .handler = http::Bind(api, &BudgetsApi::Reject),
      },
  };
}

}  // namespace paved::cost
