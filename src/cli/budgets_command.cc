#include <memory>
#include <ostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "core/status_macros.h"
#include "http/client.h"

namespace paved::cli {
namespace {

struct RequestArgs {
  std::string team, reason, month;
  int64_t amount = 0;
};

struct DecideArgs {
  std::string id, reason;
};

struct ListArgsOfBudgets {
  std::string team, month;
  bool pending = false;
};

std::string Usd(const nlohmann::json& object, const char* key) {
  return absl::StrFormat("%.2f", object.value(key, 0.0));
}

absl::Status Ask(Context& ctx, const RequestArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  nlohmann::json body = {{"team", args.team}, {"amount", args.amount}, {"reason", args.reason}};
  if (!args.month.empty()) body["month"] = args.month;
  ASSIGN_OR_RETURN(nlohmann::json r, api.Post("/budgets/requests", body));
  ctx.Print(r, absl::StrCat("budget request ", Text(r, "id"), " for team/", Text(r, "team"), ": ",
                            Usd(r, "amount"), " USD a month from ", Text(r, "month"),
                            " (pending approval by sre or admin)\n"));
  return absl::OkStatus();
}

absl::Status Decide(Context& ctx, const DecideArgs& args, bool approve) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  nlohmann::json body = nlohmann::json::object();
  if (!args.reason.empty()) body["reason"] = args.reason;
  ASSIGN_OR_RETURN(nlohmann::json r,
                   api.Post(absl::StrCat("/budgets/requests/", http::UrlEncode(args.id),
                                         approve ? "/approve" : "/reject"),
                            body));
  ctx.Print(
      r, absl::StrCat("budget request ", Text(r, "id"), " ", Text(r, "state"),
                      approve ? absl::StrCat(": team/", Text(r, "team"), " has ", Usd(r, "amount"),
                                             " USD a month from ", Text(r, "month"))
                              : "",
                      "\n"));
  return absl::OkStatus();
}

std::string RenderBudgets(const nlohmann::json& budgets) {
  Table table({"TEAM", "MONTH", "BUDGET", "ACTUAL", "FORECAST", "SINCE"});
  for (const auto& b : budgets["items"]) {
    table.AddRow({Text(b, "team"), Text(b, "month"), Usd(b, "amount"),
                  absl::StrCat(Usd(b, "actual"), " (", Text(b, "actual_percent"), "%)"),
                  absl::StrCat(Usd(b, "forecast"), " (", Text(b, "forecast_percent"), "%)"),
                  Text(b, "since")});
  }
  return table.row_count() > 0 ? table.Render() : "no budgets\n";
}

std::string RenderRequests(const nlohmann::json& requests) {
  Table table({"ID", "TEAM", "KIND", "AMOUNT", "MONTH", "STATE", "REQUESTER", "REASON"});
  for (const auto& r : requests["items"]) {
    table.AddRow({Text(r, "id"), Text(r, "team"), Text(r, "kind"), Usd(r, "amount"),
                  Text(r, "month"), Text(r, "state"), Text(r, "requester"), Text(r, "reason")});
  }
  return table.row_count() > 0 ? table.Render() : "no budget requests\n";
}

absl::Status List(Context& ctx, const ListArgsOfBudgets& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  if (args.pending) {
    ASSIGN_OR_RETURN(
        nlohmann::json requests,
        api.Get(WithQuery("/budgets/requests", {{"team", args.team}, {"state", "pending"}})));
    ctx.Print(requests, RenderRequests(requests));
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(nlohmann::json budgets,
                   api.Get(WithQuery("/budgets", {{"team", args.team}, {"month", args.month}})));
  ctx.Print(budgets, RenderBudgets(budgets));
  return absl::OkStatus();
}

}  // namespace

void AddBudgetsCommand(CLI::App& app, Context& ctx) {
  CLI::App* budgets = app.add_subcommand("budgets", "Team budgets: list, request, approve, reject");
  budgets->require_subcommand(1);

  auto ask = std::make_shared<RequestArgs>();
  CLI::App* request = budgets->add_subcommand(
      "request", "Ask for a team's monthly budget (team members, sre, admin)");
  request->add_option("--team", ask->team, "Team slug")->required();
  request->add_option("--amount", ask->amount, "USD a month")->required();
  request->add_option("--reason", ask->reason, "Why")->required();
  request->add_option("--month", ask->month, "YYYY-MM it applies from (default: this month)");
  request->callback([&ctx, ask] { ctx.Finish(Ask(ctx, *ask)); });

  auto approve_args = std::make_shared<DecideArgs>();
  CLI::App* approve =
      budgets->add_subcommand("approve", "Approve a budget request (sre, admin; not your own)");
  approve->add_option("id", approve_args->id, "Request id")->required();
  approve->add_option("--reason", approve_args->reason, "Why");
  approve->callback([&ctx, approve_args] { ctx.Finish(Decide(ctx, *approve_args, true)); });

  auto reject_args = std::make_shared<DecideArgs>();
  CLI::App* reject =
      budgets->add_subcommand("reject", "Reject a budget request (sre, admin; not your own)");
  reject->add_option("id", reject_args->id, "Request id")->required();
  reject->add_option("--reason", reject_args->reason, "Why")->required();
  reject->callback([&ctx, reject_args] { ctx.Finish(Decide(ctx, *reject_args, false)); });

  auto list_args = std::make_shared<ListArgsOfBudgets>();
  CLI::App* list = budgets->add_subcommand(
      "list", "Budgets of this month with actual and forecast spend, or --pending requests");
  list->add_option("--team", list_args->team, "Only this team");
  list->add_option("--month", list_args->month, "YYYY-MM (default: this month)");
  list->add_flag("--pending", list_args->pending, "Pending budget requests instead");
  list->callback([&ctx, list_args] { ctx.Finish(List(ctx, *list_args)); });
}

}  // namespace paved::cli
