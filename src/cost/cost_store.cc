#include "cost/cost_store.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/days.h"
#include "core/status_macros.h"
#include "store/in_list.h"
#include "store/insert_rows.h"

namespace paved::cost {
namespace {

using nlohmann::json;

constexpr int kColumns = 12;

// cost_monthly's rows of one (billing account, period) from its cost_daily rows.
constexpr char kSumMonths[] =
    "INSERT INTO cost_monthly SELECT billing_account, billing_period, substr(day, 1, 7), "
    "account, service, team_tag, project_tag, resource_id, CAST(SUM(billed_nanos) AS BIGINT), "
    "CAST(SUM(effective_nanos) AS BIGINT), MIN(day), MAX(day) FROM cost_daily "
    "WHERE billing_account = $1 AND billing_period = $2 GROUP BY billing_account, "
    "billing_period, substr(day, 1, 7), account, service, team_tag, project_tag, resource_id";

// For each key of a month in `rows` (which hold every row of their billing periods), its sums
// up to and including each day from its first day to the day before its last, days without a row
// included.
std::vector<RollupRow> MonthToDate(const std::vector<RollupRow>& rows) {
  absl::flat_hash_map<std::string, std::vector<size_t>> by_key;
  for (size_t i = 0; i < rows.size(); ++i) {
    const RollupRow& r = rows[i];
    by_key[absl::StrJoin({r.billing_account, r.billing_period, r.day.substr(0, 7), r.account,
                          r.service, r.team_tag, r.project_tag, r.resource_id},
                         "\x1f")]
        .push_back(i);
  }
  std::vector<RollupRow> out;
  for (auto& [key, indexes] : by_key) {
    std::sort(indexes.begin(), indexes.end(),
              [&](size_t a, size_t b) { return rows[a].day < rows[b].day; });
    RollupRow sums = rows[indexes.front()];
    sums.billed = sums.effective = Money{};
    for (size_t n = 0; n + 1 < indexes.size(); ++n) {
      const RollupRow& r = rows[indexes[n]];
      sums.billed += r.billed;
      sums.effective += r.effective;
      // The same sums hold until the key's next row.
      for (std::string day = r.day; day < rows[indexes[n + 1]].day; day = AddDays(day, 1)) {
        sums.day = day;
        out.push_back(sums);
      }
    }
  }
  return out;
}

absl::Status InsertMonthToDate(store::Tx& tx, const std::vector<RollupRow>& rows) {
  const std::vector<RollupRow> to_date = MonthToDate(rows);
  return store::InsertRows(
      tx,
      "INSERT INTO cost_month_to_date (billing_account, billing_period, day, account, service, "
      "team_tag, project_tag, resource_id, billed_nanos, effective_nanos) VALUES ",
      10, to_date.size(), [&](size_t i, store::Params& params) {
        const RollupRow& r = to_date[i];
        for (store::Value v :
             {store::Value(r.billing_account), store::Value(r.billing_period), store::Value(r.day),
              store::Value(r.account), store::Value(r.service), store::Value(r.team_tag),
              store::Value(r.project_tag), store::Value(r.resource_id),
              store::Value(r.billed.nanos), store::Value(r.effective.nanos)}) {
          params.push_back(std::move(v));
        }
      });
}

absl::Status InsertDaily(store::Tx& tx, const std::string& import_id,
                         const std::vector<RollupRow>& rows) {
  return store::InsertRows(
      tx,
      "INSERT INTO cost_daily (billing_account, billing_period, day, account, service, team_tag, "
      "project_tag, resource_id, billed_nanos, effective_nanos, lines, import_id) VALUES ",
      kColumns, rows.size(), [&](size_t i, store::Params& params) {
        const RollupRow& r = rows[i];
        for (store::Value v :
             {store::Value(r.billing_account), store::Value(r.billing_period), store::Value(r.day),
              store::Value(r.account), store::Value(r.service), store::Value(r.team_tag),
              store::Value(r.project_tag), store::Value(r.resource_id),
              store::Value(r.billed.nanos), store::Value(r.effective.nanos), store::Value(r.lines),
              store::Value(import_id)}) {
          params.push_back(std::move(v));
        }
      });
}

// A row of cost_daily, cost_monthly or cost_month_to_date (their key and amount columns), dated
// `day`.
RollupRow RowOf(const store::Row& row, std::string day) {
  return {.billing_account = row.Text("billing_account"),
          .billing_period = row.Text("billing_period"),
          .day = std::move(day),
          .account = row.Text("account"),
          .service = row.Text("service"),
          .team_tag = row.Text("team_tag"),
          .project_tag = row.Text("project_tag"),
          .resource_id = row.Text("resource_id"),
          .billed = Money{row.Int("billed_nanos")},
          .effective = Money{row.Int("effective_nanos")}};
}

RollupRow DailyRowOf(const store::Row& row) { return RowOf(row, row.Text("day")); }

constexpr char kDailyColumns[] =
    "SELECT billing_account, billing_period, day, account, service, team_tag, project_tag, "
    "resource_id, billed_nanos, effective_nanos FROM cost_daily ";
constexpr char kKeyColumns[] =
    "billing_account, billing_period, account, service, team_tag, project_tag, resource_id";

}  // namespace

json BillImportToJson(const BillImport& i) {
  json periods = json::array();
  for (const auto& [account, period] : i.periods) {
    periods.push_back({{"billing_account", account}, {"billing_period", period}});
  }
  return {{"id", i.id},
          {"source", i.source},
          {"format", i.format},
          {"periods", periods},
          {"lines", i.lines},
          {"rows_kept", i.rows_kept},
          {"billed", FormatMoney(i.billed, 2)},
          {"effective", FormatMoney(i.effective, 2)},
          {"imported_by", i.imported_by},
          {"imported_at_ms", i.imported_at_ms}};
}

absl::Status CostStore::Replace(store::Tx& tx, const BillImport& import,
                                const std::vector<RollupRow>& rows) {
  json periods = BillImportToJson(import)["periods"];
  RETURN_IF_ERROR(
      tx.Query("INSERT INTO cost_imports (id, source, format, periods, lines, rows_kept, "
               "billed_nanos, effective_nanos, imported_by, imported_at) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
               {import.id, import.source, import.format, periods.dump(), import.lines,
                static_cast<int64_t>(rows.size()), import.billed.nanos, import.effective.nanos,
                import.imported_by, import.imported_at_ms})
          .status());
  for (const auto& [account, period] : import.periods) {
    RETURN_IF_ERROR(tx.Query("DELETE FROM cost_daily WHERE billing_account = $1 AND "
                             "billing_period = $2",
                             {account, period})
                        .status());
  }
  RETURN_IF_ERROR(InsertDaily(tx, import.id, rows));
  for (const auto& [account, period] : import.periods) {
    for (const char* table : {"cost_monthly", "cost_month_to_date"}) {
      RETURN_IF_ERROR(tx.Query(absl::StrCat("DELETE FROM ", table,
                                            " WHERE billing_account = $1 AND billing_period = $2"),
                               {account, period})
                          .status());
    }
    RETURN_IF_ERROR(tx.Query(kSumMonths, {account, period}).status());
  }
  return InsertMonthToDate(tx, rows);
}

absl::StatusOr<std::vector<BillImport>> CostStore::Imports(int limit) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query("SELECT id, source, format, periods, lines, rows_kept, "
                                 "billed_nanos, effective_nanos, imported_by, imported_at "
                                 "FROM cost_imports ORDER BY imported_at DESC, id DESC LIMIT $1",
                                 {static_cast<int64_t>(limit)}));
  std::vector<BillImport> out;
  for (const store::Row& row : rs.rows) {
    BillImport i{.id = row.Text("id"),
                 .source = row.Text("source"),
                 .format = row.Text("format"),
                 .lines = row.Int("lines"),
                 .rows_kept = row.Int("rows_kept"),
                 .billed = Money{row.Int("billed_nanos")},
                 .effective = Money{row.Int("effective_nanos")},
                 .imported_by = row.Text("imported_by"),
                 .imported_at_ms = row.Int("imported_at")};
    json periods = json::parse(row.Text("periods"), nullptr, false);
    if (periods.is_array()) {
      for (const json& p : periods) {
        i.periods.emplace_back(p.value("billing_account", ""), p.value("billing_period", ""));
      }
    }
    out.push_back(std::move(i));
  }
  return out;
}

absl::StatusOr<std::vector<CostStore::TagTotal>> CostStore::TotalsByTeamTag(
    const std::string& from_day, const std::string& to_day) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query("SELECT team_tag, SUM(billed_nanos) AS billed, "
                                 "SUM(effective_nanos) AS effective "
                                 "FROM cost_daily WHERE day >= $1 AND day <= $2 "
                                 "GROUP BY team_tag ORDER BY team_tag",
                                 {from_day, to_day}));
  std::vector<TagTotal> out;
  for (const store::Row& row : rs.rows) {
    out.push_back({row.Text("team_tag"), Money{row.Int("billed")}, Money{row.Int("effective")}});
  }
  return out;
}

absl::StatusOr<std::vector<RollupRow>> CostStore::DailyRows(const std::string& from_day,
                                                            const std::string& to_day) {
  ASSIGN_OR_RETURN(
      store::ResultSet rs,
      store_->Query(absl::StrCat(kDailyColumns, "WHERE day >= $1 AND day <= $2 ORDER BY day"),
                    {from_day, to_day}));
  std::vector<RollupRow> out;
  out.reserve(rs.rows.size());
  for (const store::Row& row : rs.rows) out.push_back(DailyRowOf(row));
  return out;
}

absl::StatusOr<std::vector<MonthRow>> CostStore::MonthRows(const std::string& month) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query(absl::StrCat("SELECT ", kKeyColumns,
                                              ", first_day, last_day, billed_nanos, "
                                              "effective_nanos FROM cost_monthly WHERE month = $1"),
                                 {month}));
  std::vector<MonthRow> out;
  out.reserve(rs.rows.size());
  for (const store::Row& row : rs.rows) {
    out.push_back({.sums = RowOf(row, month + "-01"),
                   .first_day = row.Text("first_day"),
                   .last_day = row.Text("last_day")});
  }
  return out;
}

absl::StatusOr<std::vector<RollupRow>> CostStore::MonthToDateRows(const std::string& day) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query(absl::StrCat("SELECT ", kKeyColumns,
                                              ", billed_nanos, effective_nanos "
                                              "FROM cost_month_to_date WHERE day = $1"),
                                 {day}));
  std::vector<RollupRow> out;
  out.reserve(rs.rows.size());
  for (const store::Row& row : rs.rows) out.push_back(RowOf(row, day));
  return out;
}

absl::StatusOr<std::vector<RollupRow>> CostStore::DailyRowsOf(
    const std::string& from_day, const std::string& to_day,
    const std::set<std::string>& project_tags, const std::set<std::string>& resource_ids) {
  std::vector<RollupRow> out;
  const store::Params days = {from_day, to_day};
  RETURN_IF_ERROR(store::QueryInChunks(
      *store_, absl::StrCat(kDailyColumns, "WHERE day >= $1 AND day <= $2 AND project_tag IN ("),
      days, {project_tags.begin(), project_tags.end()}, ")",
      [&](const store::Row& row) { out.push_back(DailyRowOf(row)); }));
  RETURN_IF_ERROR(store::QueryInChunks(
      *store_, absl::StrCat(kDailyColumns, "WHERE day >= $1 AND day <= $2 AND resource_id IN ("),
      days, {resource_ids.begin(), resource_ids.end()}, ")", [&](const store::Row& row) {
        RollupRow r = DailyRowOf(row);
        if (!project_tags.count(r.project_tag)) out.push_back(std::move(r));
      }));
  return out;
}

absl::StatusOr<std::vector<CostStore::AllocationRow>> CostStore::Allocations(
    const std::string& from_day, const std::string& to_day) {
  std::vector<AllocationRow> out;
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query("SELECT cluster, day, namespace, kind, team_id, total_nanos "
                                 "FROM cost_allocations WHERE day >= $1 AND day <= $2 "
                                 "ORDER BY day",
                                 {from_day, to_day}));
  for (const store::Row& row : rs.rows) {
    out.push_back({row.Text("cluster"), row.Text("day"), row.Text("namespace"), row.Text("kind"),
                   row.Text("team_id"), Money{row.Int("total_nanos")}});
  }
  return out;
}

absl::StatusOr<std::set<std::pair<std::string, std::string>>> CostStore::AllocatedNodes(
    const std::string& from_day, const std::string& to_day) {
  std::set<std::pair<std::string, std::string>> out;
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query("SELECT day, instance_id FROM cost_allocation_nodes "
                                 "WHERE day >= $1 AND day <= $2",
                                 {from_day, to_day}));
  for (const store::Row& row : rs.rows) out.emplace(row.Text("day"), row.Text("instance_id"));
  return out;
}

}  // namespace paved::cost
