#include "cost/budgets/budget_service.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "auth/permissions.h"
#include "core/error.h"
#include "core/random.h"
#include "core/status_macros.h"

namespace paved::cost::budgets {
namespace {

using nlohmann::json;

std::string Subject(const BudgetRequest& r) { return "team:" + r.team; }

json AuditSummary(const BudgetRequest& r) {
  return {{"request", r.id},  {"team", r.team},    {"kind", r.kind}, {"amount", Dollars(r.amount)},
          {"month", r.month}, {"reason", r.reason}};
}

absl::Status NoRequest(const std::string& id) {
  return DomainError(absl::StatusCode::kNotFound, "not_found", "no budget request " + id);
}

// Whole dollars, rounded up: a budget asked for on behalf of a resource.
Money CeilDollars(Money m) {
  const int64_t kDollar = 1'000'000'000;
  return Money{(m.nanos + kDollar - 1) / kDollar * kDollar};
}

}  // namespace

std::string BudgetService::Today() const { return DayOf(d_.clock->NowMs()); }

absl::StatusOr<catalog::Team> BudgetService::FindTeam(const std::string& slug) {
  if (slug.empty()) return MissingField("team");
  ASSIGN_OR_RETURN(std::optional<catalog::Team> team, d_.teams->FindBySlug(slug));
  if (!team) {
    return DomainError(absl::StatusCode::kNotFound, "not_found", "no team " + slug, "team");
  }
  return *team;
}

absl::StatusOr<std::vector<std::string>> BudgetService::VisibleTeams(const Caller& caller,
                                                                     const std::string& team) {
  if (!team.empty()) {
    ASSIGN_OR_RETURN(catalog::Team t, FindTeam(team));
    if (!auth::SeesAllBudgets(caller) && !auth::IsMember(caller, t.id)) {
      return DomainError(absl::StatusCode::kPermissionDenied, "not_your_team",
                         "you see the budgets of your own teams only", "team");
    }
    return std::vector<std::string>{t.id};
  }
  if (auth::SeesAllBudgets(caller)) return std::vector<std::string>{};
  return caller.team_ids;
}

absl::StatusOr<BudgetRequest> BudgetService::Request(const Caller& caller, const NewRequest& req) {
  ASSIGN_OR_RETURN(catalog::Team team, FindTeam(req.team));
  RETURN_IF_ERROR(auth::CheckBudgetRequest(caller, team.id));
  std::optional<Money> amount = MoneyFromDollars(req.amount_usd);
  if (!amount || amount->nanos <= 0) return InvalidField("amount", "amount must be > 0 (USD)");
  std::string reason(absl::StripAsciiWhitespace(req.reason));
  if (reason.empty()) return MissingField("reason");
  std::string this_month = MonthOf(d_.clock->NowMs());
  std::string month = req.month.empty() ? this_month : req.month;
  if (!IsMonth(month)) return InvalidField("month", "month is YYYY-MM");
  if (month < this_month) {
    return InvalidField(
        "month", "month " + month + " is in the past; budgets start from " + this_month + " on");
  }
  return Insert(caller, BudgetRequest{.team_id = team.id,
                                      .team = team.slug,
                                      .amount = *amount,
                                      .reason = reason,
                                      .month = month});
}

absl::StatusOr<BudgetRequest> BudgetService::Insert(const Caller& caller, BudgetRequest r) {
  r.id = NewId();
  r.requester = caller.login;
  r.state = RequestState::kPending;
  r.created_at_ms = d_.clock->NowMs();
  RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(d_.budgets->InsertRequest(tx, r));
    return d_.audit->Append(tx, caller.login, "budget.request", Subject(r), AuditSummary(r));
  }));
  d_.audit->Published();
  return r;
}

absl::StatusOr<BudgetRequest> BudgetService::Decide(const Caller& caller, const std::string& id,
                                                    bool approve, const std::string& reason) {
  ASSIGN_OR_RETURN(std::optional<BudgetRequest> found, d_.budgets->GetRequest(id));
  if (!found) return NoRequest(id);
  if (!auth::SeesAllBudgets(caller) && !auth::IsMember(caller, found->team_id)) {
    return NoRequest(id);
  }
  if (!auth::CanApproveBudgets(caller)) {
    return DomainError(absl::StatusCode::kPermissionDenied, "approver_required",
                       "budget requests are approved or rejected by sre or admin");
  }
  if (found->requester == caller.login) {
    return DomainError(absl::StatusCode::kPermissionDenied, "self_approval",
                       "you requested this budget; someone else must decide it");
  }
  std::string why(absl::StripAsciiWhitespace(reason));
  if (!approve && why.empty()) return MissingField("reason");
  BudgetRequest decided;
  RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<BudgetRequest> now, d_.budgets->GetRequestTx(tx, id));
    if (!now) return NoRequest(id);
    decided = *now;
    if (decided.state != RequestState::kPending) {
      return DomainError(
          absl::StatusCode::kFailedPrecondition, "not_pending",
          absl::StrCat("request ", id, " was already ",
                       std::string(RequestStateName(decided.state)), " by ", decided.decider));
    }
    decided.state = approve ? RequestState::kApproved : RequestState::kRejected;
    decided.decider = caller.login;
    decided.decision_reason = why;
    decided.decided_at_ms = d_.clock->NowMs();
    ASSIGN_OR_RETURN(bool moved, d_.budgets->Decide(tx, decided));
    if (!moved) return DomainError(absl::StatusCode::kFailedPrecondition, "not_pending", "decided");
    if (approve) RETURN_IF_ERROR(Apply(tx, decided));
    json summary = AuditSummary(decided);
    summary["decision_reason"] = why;
    return d_.audit->Append(tx, caller.login, approve ? "budget.approve" : "budget.reject",
                            Subject(decided), summary);
  }));
  d_.audit->Published();
  return decided;
}

absl::Status BudgetService::Apply(store::Tx& tx, const BudgetRequest& decided) {
  return d_.budgets->Set(tx, Budget{.team_id = decided.team_id,
                                    .month_from = decided.month,
                                    .amount = decided.amount,
                                    .request_id = decided.id,
                                    .set_by = decided.decider,
                                    .set_at_ms = *decided.decided_at_ms});
}

absl::StatusOr<std::vector<BudgetRequest>> BudgetService::Requests(const Caller& caller,
                                                                   const std::string& team,
                                                                   const std::string& state) {
  BudgetStore::RequestQuery q;
  if (!state.empty()) {
    q.state = ParseRequestState(state);
    if (!q.state) return InvalidField("state", "state is pending, approved or rejected");
  }
  ASSIGN_OR_RETURN(q.team_ids, VisibleTeams(caller, team));
  if (q.team_ids.empty() && !auth::SeesAllBudgets(caller)) return std::vector<BudgetRequest>{};
  return d_.budgets->Requests(q);
}

absl::StatusOr<std::vector<BudgetStatus>> BudgetService::Budgets(const Caller& caller,
                                                                 const std::string& team,
                                                                 const std::string& month) {
  std::string m = month.empty() ? MonthOf(d_.clock->NowMs()) : month;
  if (!IsMonth(m)) return InvalidField("month", "month is YYYY-MM");
  ASSIGN_OR_RETURN(std::vector<std::string> teams, VisibleTeams(caller, team));
  bool all = teams.empty() && auth::SeesAllBudgets(caller);
  ASSIGN_OR_RETURN(std::vector<Budget> budgets, d_.budgets->InForce(m));
  std::vector<BudgetStatus> out;
  for (Budget& b : budgets) {
    if (!all && std::find(teams.begin(), teams.end(), b.team_id) == teams.end()) continue;
    ASSIGN_OR_RETURN(BudgetSpend spend, d_.spend->Spend(b.team_id, m, Today()));
    out.push_back({.budget = std::move(b), .month = m, .spend = spend});
  }
  return out;
}

absl::Status BudgetService::CheckResource(const Caller& caller, const ResourceEstimate& estimate) {
  std::string month = MonthOf(d_.clock->NowMs());
  ASSIGN_OR_RETURN(std::vector<Budget> budgets, d_.budgets->InForce(month, estimate.team_id));
  if (budgets.empty() || estimate.monthly_usd <= 0) return absl::OkStatus();
  const Budget& budget = budgets.front();
  ASSIGN_OR_RETURN(BudgetSpend spend, d_.spend->Spend(estimate.team_id, month, Today()));
  Money price = MoneyFromDollars(estimate.monthly_usd).value_or(Money{});
  Money needed = Money{std::max(spend.actual.nanos, spend.forecast.nanos)} + price;
  if (needed.nanos <= budget.amount.nanos) return absl::OkStatus();
  BudgetStore::RequestQuery q{.state = RequestState::kPending,
                              .team_ids = {estimate.team_id},
                              .kind = "resource",
                              .month = month};
  ASSIGN_OR_RETURN(std::vector<BudgetRequest> pending, d_.budgets->Requests(q));
  auto same = std::find_if(pending.begin(), pending.end(), [&](const BudgetRequest& r) {
    return r.detail.value("resource", json::object()) == estimate.what;
  });
  std::string id;
  if (same != pending.end()) {
    id = same->id;
  } else {
    BudgetRequest r{.team_id = estimate.team_id,
                    .team = budget.team,
                    .kind = "resource",
                    .amount = CeilDollars(needed),
                    .reason = absl::StrCat("creating ", estimate.what.value("kind", "a resource"),
                                           " ", estimate.what.value("name", ""), " (about ",
                                           WholeDollars(price), " USD a month)"),
                    .month = month,
                    .detail = {{"resource", estimate.what},
                               {"estimated_monthly_usd", estimate.monthly_usd},
                               {"budget", Dollars(budget.amount)},
                               {"forecast", Dollars(spend.forecast)}}};
    ASSIGN_OR_RETURN(BudgetRequest made, Insert(caller, std::move(r)));
    id = made.id;
  }
  return DomainError(
      absl::StatusCode::kFailedPrecondition, "budget_exceeded",
      absl::StrCat("this would take team ", budget.team, " over its ", month, " budget (",
                   WholeDollars(needed), " of ", WholeDollars(budget.amount),
                   " USD); budget request ", id,
                   " now waits for an approver (sre or admin), then create it again"));
}

}  // namespace paved::cost::budgets
