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

// The smallest string greater than every string starting with `prefix` (but one: `prefix`
// followed by U+10FFFF), keeping valid UTF-8 so PostgreSQL accepts it as a parameter.
std::string PrefixUpperBound(const std::string& prefix) {
  unsigned char last = static_cast<unsigned char>(prefix.back());
  if (last < 0x7f) {
    std::string out = prefix;
    out.back() = static_cast<char>(last + 1);
    return out;
  }
  return prefix + "\xF4\x8F\xBF\xBF";  // U+10FFFF, the largest code point
}

// Number of UTF-8 characters (what substr() counts on both engines).
int64_t CharCount(const std::string& s) {
  int64_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// "(subject = $a OR (subject >= $b AND subject < $c AND substr(subject, 1, n) = $b) OR …)".
// The range (only when `bytewise`) lets the index find the rows; substr() keeps them exact.
std::string SubjectClause(const EventFilter& f, bool bytewise, store::Params& params) {
  auto param = [&](store::Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  for (const auto& prefix : f.subject_prefixes) {
    if (prefix.empty()) return "";  // matches every subject
  }
  std::vector<std::string> alternatives;
  if (f.subject) alternatives.push_back("subject = " + param(*f.subject));
  for (const auto& prefix : f.subject_prefixes) {
    std::string p = param(prefix);
    std::string range;
    if (bytewise) {
      range = "subject >= " + p + " AND subject < " + param(PrefixUpperBound(prefix)) + " AND ";
    }
    alternatives.push_back("(" + range + "substr(subject, 1, " + std::to_string(CharCount(prefix)) +
                           ") = " + p + ")");
  }
  std::string out;
  for (const auto& a : alternatives) out += (out.empty() ? "" : " OR ") + a;
  return out.empty() ? "" : "(" + out + ")";
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
  bool bytewise = true;
  if (!f.subject_prefixes.empty()) {
    ASSIGN_OR_RETURN(bytewise, BytewiseText());
  }
  if (std::string subjects = SubjectClause(f, bytewise, params); !subjects.empty()) {
    sql += " AND " + subjects;
  }
  if (f.actor) add("actor =", *f.actor);
  if (f.before_seq) add("seq <", *f.before_seq);
  if (f.since_ms) add("time >=", *f.since_ms);
  sql += " ORDER BY seq DESC LIMIT " + std::to_string(f.limit);
  ASSIGN_OR_RETURN(auto rs, store_->Query(sql, params));
  return FromRows(rs);
}

absl::StatusOr<bool> AuditLog::BytewiseText() {
  std::lock_guard<std::mutex> lock(mu_);
  if (bytewise_text_) return *bytewise_text_;
  ASSIGN_OR_RETURN(bool bytewise, store_->TextSortsBytewise());
  bytewise_text_ = bytewise;
  return bytewise;
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
