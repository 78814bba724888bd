#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "audit/audit_log.h"
#include "catalog/teams.h"
#include "core/caller.h"
#include "core/clock.h"
#include "cost/budgets/budget_store.h"
#include "cost/budgets/spend_source.h"
#include "store/store.h"

namespace paved::cost::budgets {

struct BudgetServiceDeps {
  store::Store* store = nullptr;
  BudgetStore* budgets = nullptr;
  catalog::TeamStore* teams = nullptr;
  audit::AuditLog* audit = nullptr;
  const Clock* clock = nullptr;
  SpendSource* spend = nullptr;
};

struct NewRequest {
  std::string team;  // slug
  double amount_usd = 0;
  std::string reason;
  std::string month;  // YYYY-MM; "" = this month
};

// What a resource about to be created would cost, for the budget gate.
struct ResourceEstimate {
  std::string team_id;
  double monthly_usd = 0;
  nlohmann::json what;  // kind, name, project, environment: shown on the request
};

// Team budgets with approval. Team members (developers) and sre/admin ask for a team's budget;
// sre/admin approve or reject, never their own request; an approved request sets the team's
// budget from its month on. Every request and decision is audited in its own transaction.
class BudgetService {
 public:
  explicit BudgetService(BudgetServiceDeps deps) : d_(std::move(deps)) {}

  // Records a pending request. NotFound for an unknown team; PermissionDenied when the caller
  // may not ask for it; InvalidArgument for amount <= 0, an empty reason or a month that is
  // malformed or in the past.
  absl::StatusOr<BudgetRequest> Request(const Caller& caller, const NewRequest& req);

  // Approves (sets the budget from the request's month on) or rejects a pending request.
  // NotFound when there is none or the caller may not see it; PermissionDenied
  // "approver_required" for a caller who may not decide, "self_approval" for the requester;
  // FailedPrecondition "not_pending" (409) when it was already decided; InvalidArgument when a
  // rejection has no reason.
  absl::StatusOr<BudgetRequest> Decide(const Caller& caller, const std::string& id, bool approve,
                                       const std::string& reason);

  // Requests the caller may see (their teams', or all for sre/admin), newest first; `team`
  // (slug) and `state` narrow it. PermissionDenied for another team's requests.
  absl::StatusOr<std::vector<BudgetRequest>> Requests(const Caller& caller, const std::string& team,
                                                      const std::string& state);

  // Budgets in force in `month` ("" = this month) with their spend, for the teams the caller
  // may see; `team` (slug) narrows it.
  absl::StatusOr<std::vector<BudgetStatus>> Budgets(const Caller& caller, const std::string& team,
                                                    const std::string& month);

  // The gate of resource creation: OK when the team has no budget this month or the estimate
  // fits in it (forecast + estimate <= budget, and actual + estimate <= budget). Otherwise a
  // pending request of kind "resource" for the budget the creation needs (one per resource:
  // asking again returns the same request) and FailedPrecondition "budget_exceeded" (409) whose
  // message names the request; once an approver approves it the budget is raised and the same
  // creation passes.
  absl::Status CheckResource(const Caller& caller, const ResourceEstimate& estimate);

 private:
  absl::StatusOr<catalog::Team> FindTeam(const std::string& slug);
  absl::StatusOr<std::vector<std::string>> VisibleTeams(const Caller& caller,
                                                        const std::string& team);
  absl::StatusOr<BudgetRequest> Insert(const Caller& caller, BudgetRequest r);
  absl::Status Apply(store::Tx& tx, const BudgetRequest& decided);
  std::string Today() const;

  BudgetServiceDeps d_;
};

}  // namespace paved::cost::budgets
