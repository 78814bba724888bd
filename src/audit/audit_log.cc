#include "audit/audit_log.h"

#include "core/status_macros.h"

namespace paved::audit {
namespace {

Event FromRow(const store::Row& row) {
  Event e;
  e.seq = row.Int("seq");
  e.time_ms = row.Int("time");
  e.actor = row.Text("actor");
  e.action = row.Text("action");
  e.subject = row.Text("subject");
  e.summary = nlohmann::json::parse(row.Text("summary"), nullptr, false);
  if (e.summary.is_discarded()) e.summary = nlohmann::json::object();
  return e;
}

std::vector<Event> FromRows(const store::ResultSet& rs) {
  std::vector<Event> out;
  out.reserve(rs.rows.size());
  for (const auto& row : rs.rows) out.push_back(FromRow(row));
  return out;
}

}  // namespace

nlohmann::json EventToJson(const Event& e) {
  return {{"seq", e.seq},         {"time", FormatTimeMs(e.time_ms)},
          {"actor", e.actor},     {"action", e.action},
          {"subject", e.subject}, {"summary", e.summary}};
}

absl::Status AuditLog::Append(store::Tx& tx, const std::string& actor, const std::string& action,
                              const std::string& subject, nlohmann::json summary) {
  auto rs = tx.Query(
      "INSERT INTO audit_events (time, actor, action, subject, summary) "
      "VALUES ($1, $2, $3, $4, $5)",
      {clock_->NowMs(), actor, action, subject, summary.dump()});
  return rs.status();
}

void AuditLog::Published() {
  // Best effort: a lost notification only delays live streams until their next poll.
  (void)store_->Notify(kNotifyChannel, "");
}

absl::StatusOr<std::vector<Event>> AuditLog::List(const EventFilter& f) {
  std::string sql = "SELECT seq, time, actor, action, subject, summary FROM audit_events WHERE 1=1";
  store::Params params;
  auto add = [&](const std::string& clause, store::Value v) {
    params.push_back(std::move(v));
    sql += " AND " + clause + " $" + std::to_string(params.size());
  };
  if (f.subject) add("subject =", *f.subject);
  if (f.actor) add("actor =", *f.actor);
  if (f.before_seq) add("seq <", *f.before_seq);
  sql += " ORDER BY seq DESC LIMIT " + std::to_string(f.limit);
  ASSIGN_OR_RETURN(auto rs, store_->Query(sql, params));
  return FromRows(rs);
}

absl::StatusOr<std::vector<Event>> AuditLog::After(int64_t after_seq, int limit) {
  ASSIGN_OR_RETURN(auto rs, store_->Query("SELECT seq, time, actor, action, subject, summary "
                                          "FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2",
                                          {after_seq, static_cast<int64_t>(limit)}));
  return FromRows(rs);
}

absl::StatusOr<int64_t> AuditLog::LatestSeq() {
  ASSIGN_OR_RETURN(auto rs, store_->Query("SELECT MAX(seq) AS seq FROM audit_events"));
  return rs.empty() ? 0 : rs.front().Int("seq");
}

}  // namespace paved::audit
