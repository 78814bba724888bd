#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cost/budgets/budget.h"
#include "store/store.h"

namespace paved::cost::budgets {

// Tables `budgets`, `budget_requests` and `budget_notices`. Reads fill team slugs.
class BudgetStore {
 public:
  explicit BudgetStore(store::Store* store) : store_(store) {}

  // The budget in force for each team in `month` (the row with the greatest month_from <=
  // month); only `team_id`'s when it is not empty. Ordered by team slug.
  absl::StatusOr<std::vector<Budget>> InForce(const std::string& month,
                                              const std::string& team_id = "");
  // Sets the budget of a team from `b.month_from` on (replacing one set from the same month).
  absl::Status Set(store::Tx& tx, const Budget& b);

  absl::Status InsertRequest(store::Tx& tx, const BudgetRequest& r);
  // nullopt when there is no request `id`. The Tx form locks the row.
  absl::StatusOr<std::optional<BudgetRequest>> GetRequest(const std::string& id);
  absl::StatusOr<std::optional<BudgetRequest>> GetRequestTx(store::Tx& tx, const std::string& id);
  // Moves a pending request to `decided.state`; false when it was no longer pending.
  absl::StatusOr<bool> Decide(store::Tx& tx, const BudgetRequest& decided);

  struct RequestQuery {
    std::optional<RequestState> state;
    std::vector<std::string> team_ids;  // empty = every team
    std::string kind;                   // "" = any
    std::string month;                  // "" = any
    int limit = 200;
  };
  // Newest first.
  absl::StatusOr<std::vector<BudgetRequest>> Requests(const RequestQuery& q);

  // Threshold messages.
  struct Notice {
    std::string team_id;
    std::string month;
    int threshold = 0;
    std::string basis;  // actual | forecast
    std::string state;  // pending | sent | skipped
    std::string text;
    std::optional<int64_t> attempt_at_ms;
    std::string channel;
    std::string ts;
  };
  // Records `n` unless a notice of its (team, month, threshold, basis) exists; true when it was
  // recorded now.
  absl::StatusOr<bool> AddNotice(store::Tx& tx, const Notice& n, int64_t now_ms);
  absl::StatusOr<std::optional<Notice>> GetNotice(const std::string& team_id,
                                                  const std::string& month, int threshold,
                                                  const std::string& basis);
  // Notices still to post, oldest first.
  absl::StatusOr<std::vector<Notice>> PendingNotices();
  absl::Status MarkAttempt(const Notice& n, int64_t now_ms);
  absl::Status MarkSent(const Notice& n, const std::string& channel, const std::string& ts,
                        int64_t now_ms);

 private:
  store::Store* store_;
};

}  // namespace paved::cost::budgets
