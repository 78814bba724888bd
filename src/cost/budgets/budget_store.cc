#include "cost/budgets/budget_store.h"

#include "absl/strings/str_cat.h"
#include "catalog/teams.h"
#include "core/status_macros.h"

namespace paved::cost::budgets {
namespace {

using nlohmann::json;

constexpr char kRequestColumns[] =
    "r.id, r.team_id, r.kind, r.amount_nanos, r.reason, r.month, r.requester, r.state, "
    "r.decider, r.decision_reason, r.detail, r.created_at, r.decided_at, t.slug AS team";

BudgetRequest RequestFromRow(const store::Row& row) {
  BudgetRequest r{.id = row.Text("id"),
                  .team_id = row.Text("team_id"),
                  .team = row.Text("team"),
                  .kind = row.Text("kind"),
                  .amount = Money{row.Int("amount_nanos")},
                  .reason = row.Text("reason"),
                  .month = row.Text("month"),
                  .requester = row.Text("requester"),
                  .state = ParseRequestState(row.Text("state")).value_or(RequestState::kPending),
                  .decider = row.Text("decider"),
                  .decision_reason = row.Text("decision_reason"),
                  .detail = json::parse(row.Text("detail"), nullptr, false),
                  .created_at_ms = row.Int("created_at")};
  if (r.detail.is_discarded()) r.detail = json::object();
  if (!row.IsNull("decided_at")) r.decided_at_ms = row.Int("decided_at");
  return r;
}

BudgetStore::Notice NoticeFromRow(const store::Row& row) {
  BudgetStore::Notice n{.team_id = row.Text("team_id"),
                        .month = row.Text("month"),
                        .threshold = static_cast<int>(row.Int("threshold")),
                        .basis = row.Text("basis"),
                        .state = row.Text("state"),
                        .text = row.Text("text"),
                        .channel = row.Text("channel"),
                        .ts = row.Text("ts")};
  if (!row.IsNull("attempt_at")) n.attempt_at_ms = row.Int("attempt_at");
  return n;
}

std::string RequestSelect() {
  return absl::StrCat("SELECT ", kRequestColumns, " FROM budget_requests r ",
                      catalog::TeamStore::JoinSql("t", "r.team_id"));
}

}  // namespace

absl::StatusOr<std::vector<Budget>> BudgetStore::InForce(const std::string& month,
                                                         const std::string& team_id) {
  std::string sql = absl::StrCat(
      "SELECT b.team_id, b.month_from, b.amount_nanos, b.request_id, b.set_by, b.set_at, "
      "t.slug AS team FROM budgets b ",
      catalog::TeamStore::JoinSql("t", "b.team_id"),
      "WHERE b.month_from = (SELECT MAX(c.month_from) FROM budgets c "
      "WHERE c.team_id = b.team_id AND c.month_from <= $1)");
  store::Params params = {month};
  if (!team_id.empty()) {
    sql += " AND b.team_id = $2";
    params.push_back(team_id);
  }
  sql += " ORDER BY t.slug";
  ASSIGN_OR_RETURN(store::ResultSet rs, store_->Query(sql, params));
  std::vector<Budget> out;
  for (const store::Row& row : rs.rows) {
    out.push_back({.team_id = row.Text("team_id"),
                   .team = row.Text("team"),
                   .month_from = row.Text("month_from"),
                   .amount = Money{row.Int("amount_nanos")},
                   .request_id = row.Text("request_id"),
                   .set_by = row.Text("set_by"),
                   .set_at_ms = row.Int("set_at")});
  }
  return out;
}

absl::Status BudgetStore::Set(store::Tx& tx, const Budget& b) {
  return tx
      .Query(
          "INSERT INTO budgets (team_id, month_from, amount_nanos, request_id, set_by, set_at) "
          "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (team_id, month_from) DO UPDATE SET "
          "amount_nanos = excluded.amount_nanos, request_id = excluded.request_id, "
          "set_by = excluded.set_by, set_at = excluded.set_at",
          {b.team_id, b.month_from, b.amount.nanos, b.request_id, b.set_by, b.set_at_ms})
      .status();
}

absl::Status BudgetStore::InsertRequest(store::Tx& tx, const BudgetRequest& r) {
  return tx
      .Query(
          "INSERT INTO budget_requests (id, team_id, kind, amount_nanos, reason, month, "
          "requester, state, detail, created_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
          {r.id, r.team_id, r.kind, r.amount.nanos, r.reason, r.month, r.requester,
           std::string(RequestStateName(r.state)), r.detail.dump(), r.created_at_ms})
      .status();
}

absl::StatusOr<std::optional<BudgetRequest>> BudgetStore::GetRequest(const std::string& id) {
  ASSIGN_OR_RETURN(store::ResultSet rs, store_->Query(RequestSelect() + "WHERE r.id = $1", {id}));
  if (rs.empty()) return std::nullopt;
  return RequestFromRow(rs.front());
}

absl::StatusOr<std::optional<BudgetRequest>> BudgetStore::GetRequestTx(store::Tx& tx,
                                                                       const std::string& id) {
  ASSIGN_OR_RETURN(
      store::ResultSet lock,
      tx.Query(absl::StrCat("SELECT id FROM budget_requests WHERE id = $1", tx.ForUpdate()), {id}));
  if (lock.empty()) return std::nullopt;
  ASSIGN_OR_RETURN(store::ResultSet rs, tx.Query(RequestSelect() + "WHERE r.id = $1", {id}));
  if (rs.empty()) return std::nullopt;
  return RequestFromRow(rs.front());
}

absl::StatusOr<bool> BudgetStore::Decide(store::Tx& tx, const BudgetRequest& decided) {
  ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query("UPDATE budget_requests SET state = $2, decider = $3, "
               "decision_reason = $4, decided_at = $5 "
               "WHERE id = $1 AND state = 'pending'",
               {decided.id, std::string(RequestStateName(decided.state)), decided.decider,
                decided.decision_reason, decided.decided_at_ms.value_or(0)}));
  return rs.affected == 1;
}

absl::StatusOr<std::vector<BudgetRequest>> BudgetStore::Requests(const RequestQuery& q) {
  std::string sql = RequestSelect() + "WHERE 1 = 1";
  store::Params params;
  auto add = [&](const std::string& column, const std::string& value) {
    params.push_back(value);
    absl::StrAppend(&sql, " AND ", column, " = $", params.size());
  };
  if (q.state) add("r.state", std::string(RequestStateName(*q.state)));
  if (!q.kind.empty()) add("r.kind", q.kind);
  if (!q.month.empty()) add("r.month", q.month);
  if (!q.team_ids.empty()) {
    absl::StrAppend(&sql, " AND r.team_id IN (");
    for (size_t i = 0; i < q.team_ids.size(); ++i) {
      params.push_back(q.team_ids[i]);
      absl::StrAppend(&sql, i ? ", $" : "$", params.size());
    }
    sql += ")";
  }
  absl::StrAppend(&sql, " ORDER BY r.created_at DESC, r.id DESC LIMIT ", q.limit);
  ASSIGN_OR_RETURN(store::ResultSet rs, store_->Query(sql, params));
  std::vector<BudgetRequest> out;
  for (const store::Row& row : rs.rows) out.push_back(RequestFromRow(row));
  return out;
}

absl::StatusOr<bool> BudgetStore::AddNotice(store::Tx& tx, const Notice& n, int64_t now_ms) {
  ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query("INSERT INTO budget_notices (team_id, month, threshold, basis, state, "
               "text, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
               "ON CONFLICT (team_id, month, threshold, basis) DO NOTHING",
               {n.team_id, n.month, int64_t{n.threshold}, n.basis, n.state, n.text, now_ms}));
  return rs.affected == 1;
}

absl::StatusOr<std::optional<BudgetStore::Notice>> BudgetStore::GetNotice(
    const std::string& team_id, const std::string& month, int threshold, const std::string& basis) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query("SELECT * FROM budget_notices WHERE team_id = $1 AND month = $2 "
                                 "AND threshold = $3 AND basis = $4",
                                 {team_id, month, int64_t{threshold}, basis}));
  if (rs.empty()) return std::nullopt;
  return NoticeFromRow(rs.front());
}

absl::StatusOr<std::vector<BudgetStore::Notice>> BudgetStore::PendingNotices() {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query("SELECT * FROM budget_notices WHERE state = 'pending' "
                                 "ORDER BY created_at LIMIT 500"));
  std::vector<Notice> out;
  for (const store::Row& row : rs.rows) out.push_back(NoticeFromRow(row));
  return out;
}

absl::Status BudgetStore::MarkAttempt(const Notice& n, int64_t now_ms) {
  return store_
      ->Query(
          "UPDATE budget_notices SET attempt_at = $5 WHERE team_id = $1 AND month = $2 "
          "AND threshold = $3 AND basis = $4",
          {n.team_id, n.month, int64_t{n.threshold}, n.basis, now_ms})
      .status();
}

absl::Status BudgetStore::MarkSent(const Notice& n, const std::string& channel,
                                   const std::string& ts, int64_t now_ms) {
  return store_
      ->Query(
          "UPDATE budget_notices SET state = 'sent', sent_at = $5, channel = $6, ts = $7 "
          "WHERE team_id = $1 AND month = $2 AND threshold = $3 AND basis = $4",
          {n.team_id, n.month, int64_t{n.threshold}, n.basis, now_ms, channel, ts})
      .status();
}

}  // namespace paved::cost::budgets
